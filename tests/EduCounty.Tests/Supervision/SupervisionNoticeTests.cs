using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using EduCounty.Common;
using EduCounty.Reports;
using EduCounty.Supervision;

namespace EduCounty.Tests.Supervision;

/// <summary>
/// The 督导意见书 as a .docx (Reports/SupervisionNotice) from a visit saved in the database, on SQLite and PostgreSQL:
/// read back with OpenXml, every figure worked out by hand beside the assertion.
/// </summary>
public sealed class SupervisionNoticeTests
{
    private static readonly SupervisionRules Rules = SupervisionRules.Default();

    private static (List<string> Body, List<List<string>> Rows) Read(ReportDocument notice)
    {
        using var ms = new MemoryStream();
        ReportDocx.Write(notice, ms);
        ms.Position = 0;
        using var doc = WordprocessingDocument.Open(ms, false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Elements<Paragraph>().Select(p => p.InnerText).Where(t => t.Length > 0).ToList();
        var rows = body.Descendants<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
        return (paragraphs, rows);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_notice_is_a_formal_letter_with_the_deadlines_it_gave(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "sup-notice");
        await using var _db = db;
        await AssignSchools.HandleAsync(db, Rules, new AssignSchools.Command("d1", "督学甲", "0994-1", "DX-1", new DateOnly(2025, 8, 20), [1, 2]));
        var day = new DateOnly(2025, 10, 10);
        var visit = new SubmitVisit.Command(Guid.NewGuid().ToString("N"), 1, day, 3.5m, ["patrol", "documents"], "routine",
            [new SubmitVisit.Check("1.1", CheckResult.Conforming, null), new SubmitVisit.Check("3.1", CheckResult.Partly, null),
             new SubmitVisit.Check("4.1", CheckResult.NonConforming, "三年级作业超时\u0001")],
            "查阅作业记录\r\n巡视校园围墙\u0007", "请限期整改",
            [new SubmitVisit.Finding("4", "General", "三年级书面作业超时。"), new SubmitVisit.Finding("6", "Severe", "东侧围墙有裂缝")]);
        var saved = await SubmitVisit.HandleAsync(db, Rules, visit, SupervisionCounty.Supervisor1, day);

        var (body, rows) = Read(SupervisionNotice.Build(await GetVisit.HandleAsync(db, Rules, saved.VisitId, day), Rules));
        // Title, 文号 (the year's first notice: prefix 阜督学〔2025〕 + 1号), 主送 the school.
        Assert.Equal(["督导意见书", "阜督学〔2025〕1号", "学校1："], body.Take(3));
        // 15 checks in the 经常性督导 list; 3 filled: 符合 1, 基本符合 1, 不符合 1, 未查 15 − 3 = 12. Methods in the order chosen.
        Assert.Equal("2025年10月10日，责任督学督学甲到你校开展经常性督导，时长3.5小时，采取校园巡视、查阅资料等方式，对照《经常性督导》检查了15个检查点" +
            "（符合1项、基本符合1项、不符合1项、未查12项）。现将督导意见反馈如下。", body[3]);
        // 基本情况 line by line (the control character dropped), 督导意见, then the problems.
        Assert.Equal(["一、基本情况", "查阅作业记录", "巡视校园围墙", "二、督导意见", "请限期整改", "三、存在问题及整改要求", "经督导检查，你校存在以下问题："],
            body.Skip(4).Take(7));
        // 一般问题 30 days: 2025-10-10 + 30 = 2025-11-09; 严重问题 7 days: 2025-10-17 (supervision-rules.json findingGrades).
        Assert.Equal("1．三年级书面作业超时（学生学习、体育锻炼和课业负担；一般问题；请于2025年11月9日前整改到位）。", body[11]);
        Assert.Equal("2．东侧围墙有裂缝（校园及周边安全、学生交通安全；严重问题；请于2025年10月17日前整改到位）。", body[12]);
        // 复查 within reviewDays = 3, reported to the issuer.
        Assert.Contains("收到整改报告后3日内复查，复查结果报阜康市人民政府教育督导室备案", body[13], StringComparison.Ordinal);
        Assert.Equal("责任督学：督学甲", body[14]);
        // 附件说明, 署名 and 成文日期 (the visit's day).
        Assert.Equal(["附件：1．督导检查情况表", "阜康市人民政府教育督导室", "2025年10月10日", "附件1", "督导检查情况表"], body.Skip(15).Take(5));
        // The 附件: a header and the 15 checks, each with its result.
        Assert.Equal(16, rows.Count);
        Assert.Equal(["检查点", "督导事项", "检查内容", "结果", "说明"], rows[0]);
        Assert.Equal(["4.1", "学生学习、体育锻炼和课业负担"], rows.Single(r => r[0] == "4.1").Take(2));
        Assert.Equal(["不符合", "三年级作业超时"], rows.Single(r => r[0] == "4.1").Skip(3));
        Assert.Equal(12, rows.Count(r => r[3] == "未查"));

        // Sent back at a 复查 (部分整改 on 2025-10-22: new deadline 2025-10-22 + 30 = 2025-11-21): the notice keeps what it gave.
        var first = (await GetVisit.HandleAsync(db, Rules, saved.VisitId, day)).Findings[0].Finding.Id;
        await ReviewFinding.ReportAsync(db, first, "已调整作业量", null, SupervisionCounty.School1, new DateOnly(2025, 10, 20));
        await ReviewFinding.ReviewAsync(db, Rules, first, ReviewConclusion.Partly, "仍有班级超时", SupervisionCounty.Supervisor1, new DateOnly(2025, 10, 22));
        var after = await GetVisit.HandleAsync(db, Rules, saved.VisitId, new DateOnly(2025, 10, 22));
        Assert.Equal(new DateOnly(2025, 11, 21), after.Findings[0].Finding.Deadline);
        Assert.Contains("请于2025年11月9日前整改到位", Read(SupervisionNotice.Build(after, Rules)).Body[11], StringComparison.Ordinal);

        // A county's own 署名 (rules override) signs and receives the 复查 results.
        var own = SupervisionRules.WithOverride("""{ "noticeIssuer": "某县人民政府教育督导室" }""");
        var signed = Read(SupervisionNotice.Build(after, own)).Body;
        Assert.Contains("某县人民政府教育督导室", signed);
        Assert.Contains(signed, p => p.Contains("复查结果报某县人民政府教育督导室备案", StringComparison.Ordinal));
        Assert.Throws<FormatException>(() => SupervisionRules.WithOverride("""{ "noticeIssuer": " " }"""));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_visit_without_problems_has_no_number_and_no_problem_section(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "sup-notice2");
        await using var _db = db;
        await AssignSchools.HandleAsync(db, Rules, new AssignSchools.Command("d1", "督学甲", null, null, new DateOnly(2025, 8, 20), [1]));
        var day = new DateOnly(2025, 11, 3);
        var saved = await SubmitVisit.HandleAsync(db, Rules, SupervisionDatabaseTests.Visit(1, day), SupervisionCounty.Supervisor1, day);
        var (body, rows) = Read(SupervisionNotice.Build(await GetVisit.HandleAsync(db, Rules, saved.VisitId, day), Rules));
        Assert.Null(saved.NoticeNumber);
        // Title, then straight to the recipient; only 基本情况 (no 督导意见 was written, no problem found).
        Assert.Equal(["督导意见书", "学校1："], body.Take(2));
        Assert.Equal(["一、基本情况"], body.Where(p => p.Length > 2 && p[1] == '、'));
        Assert.DoesNotContain(body, p => p.Contains("存在以下问题", StringComparison.Ordinal));
        // 2 checks of 15 filled, both 符合 (SupervisionDatabaseTests.Visit without findings).
        Assert.Contains("（符合2项、未查13项）", body[2], StringComparison.Ordinal);
        // No check has a note: the table has no 说明 column.
        Assert.Equal(["检查点", "督导事项", "检查内容", "结果"], rows[0]);
    }
}
