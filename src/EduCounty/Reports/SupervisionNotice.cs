using System.Globalization;
using EduCounty.Supervision;

namespace EduCounty.Reports;

/// <summary>
/// The 督导意见书 of one visit as a 公文 (.docx through <see cref="ReportDocx"/>): title and 文号, the school as 主送,
/// what was done (date, 责任督学, 方式, the checklist's counts), 基本情况, 督导意见, the problems with the 整改期限 they
/// were given, the 整改 and 复查 requirement of the 整改通知书 example (shared/reference/safety-and-supervision.md §B:
/// "整改报告于本通知下发 N 日内书面报责任督学，责任督学于接到报告的 3 日内上报人民政府教育督导室备案"), the checks as 附件,
/// signed by the rules' <see cref="SupervisionRules.NoticeIssuer"/> on the visit's day. It is the notice as issued: a
/// problem sent back after a 复查 keeps its first deadline here (the visit page shows the current one). Every text goes
/// through <see cref="Typography.Normalize"/> when it is written; lines are split here after <see cref="Typography.Printable"/>.
/// </summary>
public static class SupervisionNotice
{
    /// <summary>The title of the document.</summary>
    public const string Title = "督导意见书";

    public static ReportDocument Build(GetVisit.Result visit, SupervisionRules rules)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(rules);
        var v = visit.Visit;
        var blocks = new List<ReportBlock> { new TitleBlock(Title) };
        if (v.NoticeNumber is { } number) blocks.Add(new CenteredBlock(number));
        blocks.Add(new ParagraphBlock(Opening(visit, rules)));
        var sections = new List<(string Heading, IReadOnlyList<ReportBlock> Body)>
        {
            ("基本情况", Paragraphs(v.Situation)),
        };
        if (v.Feedback is { Length: > 0 } feedback) sections.Add(("督导意见", Paragraphs(feedback)));
        if (visit.Findings.Count > 0) sections.Add(("存在问题及整改要求", Problems(visit, rules)));
        foreach (var ((heading, body), i) in sections.Select((s, i) => (s, i)))
        {
            blocks.Add(new HeadingBlock($"{ReportText.Cn(i + 1)}、{heading}"));
            blocks.AddRange(body);
        }
        blocks.Add(new ParagraphBlock($"责任督学：{v.SupervisorName}"));
        var checks = new ReportAttachment("督导检查情况表", [CheckTable(visit, rules)]);
        return new ReportDocument(Title, blocks, new OfficialForm([visit.School], rules.NoticeIssuer, v.VisitDate), [checks]);
    }

    private static string Opening(GetVisit.Result visit, SupervisionRules rules)
    {
        var v = visit.Visit;
        var kind = visit.Campaign is { } campaign ? $"“{campaign}”专项督导" : "经常性督导";
        var methods = string.Join("、", v.Methods.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(rules.MethodName));
        var counts = visit.Checklist.Checks
            .Select(k => v.Checks.FirstOrDefault(x => x.Code == k.Code)?.Result ?? CheckResult.NotChecked)
            .GroupBy(r => r).OrderBy(g => g.Key == CheckResult.NotChecked ? 9 : (int)g.Key)
            .Select(g => $"{SupervisionVisit.Label(g.Key)}{g.Count().ToString(CultureInfo.InvariantCulture)}项");
        var hours = v.Hours.ToString("0.##", CultureInfo.InvariantCulture);
        return $"{OfficialForm.ChineseDate(v.VisitDate)}，责任督学{v.SupervisorName}到你校开展{kind}，时长{hours}小时，采取{methods}等方式，" +
            $"对照《{visit.Checklist.Name}》检查了{visit.Checklist.Checks.Count.ToString(CultureInfo.InvariantCulture)}个检查点（{string.Join("、", counts)}）。" +
            "现将督导意见反馈如下。";
    }

    private static List<ReportBlock> Problems(GetVisit.Result visit, SupervisionRules rules)
    {
        var blocks = new List<ReportBlock> { new ParagraphBlock("经督导检查，你校存在以下问题：") };
        foreach (var (f, i) in visit.Findings.Select((f, i) => (f, i + 1)))
        {
            var deadline = f.Finding.IssuedDeadline(rules);
            blocks.Add(new ParagraphBlock($"{i.ToString(CultureInfo.InvariantCulture)}．{Typography.Printable(f.Finding.Description).TrimEnd('。', '；', '，')}" +
                $"（{f.ItemName}；{f.GradeName}；请于{OfficialForm.ChineseDate(deadline)}前整改到位）。"));
        }
        blocks.Add(new ParagraphBlock("请你校按上述期限完成整改，将整改报告（附整改证据）书面报送责任督学。责任督学于收到整改报告后" +
            $"{rules.ReviewDays.ToString(CultureInfo.InvariantCulture)}日内复查，复查结果报{rules.NoticeIssuer}备案；经复查已整改的问题予以销号。"));
        return blocks;
    }

    /// <summary>Every check of the checklist with its result; the 说明 column only when a check has one.</summary>
    private static TableBlock CheckTable(GetVisit.Result visit, SupervisionRules rules)
    {
        var rows = visit.Checklist.Checks.Select(k =>
        {
            var done = visit.Visit.Checks.FirstOrDefault(x => x.Code == k.Code);
            return new[] { k.Code, rules.ItemName(k.Item), k.Text, SupervisionVisit.Label(done?.Result ?? CheckResult.NotChecked), Typography.Printable(done?.Note ?? "") };
        }).ToList();
        return rows.Any(r => r[4].Length > 0)
            ? new TableBlock(["检查点", "督导事项", "检查内容", "结果", "说明"], rows)
            : new TableBlock(["检查点", "督导事项", "检查内容", "结果"], [.. rows.Select(r => r[..4])]);
    }

    /// <summary>A text as paragraphs, one per non-empty line.</summary>
    private static List<ReportBlock> Paragraphs(string text) =>
        [.. Typography.Printable(text).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => new ParagraphBlock(line))];
}
