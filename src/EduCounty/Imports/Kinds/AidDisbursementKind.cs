using System.Globalization;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.StudentAid;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>
/// 资助发放 from a county's export of the 全国学生资助管理信息系统 (issue 17 item 5; derived layout, docs/adr/0035; student-aid.md
/// §6: 资助项目, 金额, 发放方式, 发放日期): one row per payment of a programme to a student for a term. Natural key student +
/// programme + 学年 + 学期 (the application's). Each row is checked as <see cref="ApplyForAid"/> and
/// <see cref="ReviewAidApplication.PayAsync"/> check an application: the programme covers the student's stage and grade
/// (the 学年 snapshot of the import's 学年, else the 学籍), a standard of aid-rules.json is in force on the term's first day
/// and the amount is that standard's term amount (half the annual), the student qualifies (the 学年's 认定 for programmes of
/// 家庭经济困难 students), no other programme of the same stacking group for the term (§3), and the school's list is not
/// still on 公示 on the payment day (§5, aid-rules.json <c>publicity</c>: an error or a warning). A new row is recorded as a
/// paid application (the review and approval took place in the national system: their dates are the payment's); a row
/// for an application approved here marks it paid; one still in review or refused here is an error.
/// </summary>
public sealed class AidDisbursementKind : ImportKind<AidApplication>
{
    private readonly Dictionary<string, AidStudents.StudentRef> _students = new(StringComparer.Ordinal);
    private readonly AidRules _rules = AidRules.Default();
    private Dictionary<int, (int SchoolId, string Grade, int? ClassId)> _snapshots = [];
    private Dictionary<int, SchoolRef> _schoolsById = [];
    private Dictionary<string, AidApplication> _stored = [];
    private readonly Dictionary<(int Student, int Year, AidTerm Term, string Group), (string Programme, int Row)> _groups = [];
    private Dictionary<(int Student, int Year), byte[]> _assessments = [];
    private List<AidPublicNotice> _notices = [];

    public override string Name => "aid-disbursement";

    public override IReadOnlyList<string> Writers => [Roles.Aid];

    protected override string[] Compared { get; } = ["Status", "PaidAmount", "PaidOn", "PaidVia"];

    protected internal override IReadOnlyDictionary<string, string> OptionalSources { get; } = new Dictionary<string, string> { ["PaidVia"] = "method" };

    protected internal override string KeyColumn => "student";
    protected internal override string KeyLabel => "学生、资助项目、学年和学期";

    /// <summary>学期 as exports write it.</summary>
    internal static readonly IReadOnlyDictionary<string, AidTerm> Terms = new Dictionary<string, AidTerm>(StringComparer.Ordinal)
    {
        ["秋季"] = AidTerm.Autumn,
        ["秋季学期"] = AidTerm.Autumn,
        ["秋"] = AidTerm.Autumn,
        ["第一学期"] = AidTerm.Autumn,
        ["上学期"] = AidTerm.Autumn,
        ["1"] = AidTerm.Autumn,
        ["春季"] = AidTerm.Spring,
        ["春季学期"] = AidTerm.Spring,
        ["春"] = AidTerm.Spring,
        ["第二学期"] = AidTerm.Spring,
        ["下学期"] = AidTerm.Spring,
        ["2"] = AidTerm.Spring,
    };

    /// <summary>发放方式 (student-aid.md §6: 一卡通/中职资助卡/银行卡/直接减免).</summary>
    internal static readonly IReadOnlyList<string> Methods = ["一卡通", "中职资助卡", "银行卡", "社会保障卡", "直接减免", "现金"];

    /// <summary>
    /// Short names a programme goes by in exports (several programmes for one: the one open for the student's stage is
    /// meant). The programmes' codes and full names of aid-rules.json are always accepted.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string[]> ShortNames = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["学前资助"] = ["PreschoolAid"],
        ["学前教育资助"] = ["PreschoolAid"],
        ["免保教费"] = ["XjPreschoolFree"],
        ["寄宿生生活补助"] = ["LivingBoarding"],
        ["生活补助"] = ["LivingBoarding"],
        ["家庭经济困难寄宿生生活补助"] = ["LivingBoarding"],
        ["非寄宿生生活补助"] = ["LivingDay"],
        ["营养改善计划"] = ["Nutrition"],
        ["营养膳食补助"] = ["Nutrition"],
        ["膳食补助"] = ["Nutrition"],
        ["免学杂费"] = ["SeniorFeeWaiver"],
        ["国家助学金"] = ["SeniorGrant", "VocGrant"],
        ["免学费"] = ["XjSeniorTuition", "VocTuition"],
        ["免教材费"] = ["XjSeniorTextbook", "XjVocTextbook"],
        ["助学金"] = ["XjSeniorGrant"],
        ["免住宿费"] = ["XjVocBoarding"],
    };

    protected internal override async Task<Dictionary<string, AidApplication>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        await KindHelpers.LoadSchoolsAsync(ctx, ct);
        _schoolsById = ctx.Schools.Values.ToDictionary(s => s.Id);
        await AidStudents.LoadAsync(ctx, _students, null, ct);
        _snapshots = await KindHelpers.SnapshotsAsync(ctx, ct);
        _assessments = await ctx.Db.HardshipAssessments.AsNoTracking().Select(a => new { a.StudentId, a.Year, a.DetailCipher })
            .ToDictionaryAsync(a => (a.StudentId, a.Year), a => a.DetailCipher, ct);
        _notices = await ctx.Db.AidPublicNotices.AsNoTracking().ToListAsync(ct);
        var stored = await ctx.Db.AidApplications.AsNoTracking().ToListAsync(ct);
        foreach (var a in stored.Where(a => a.Status != AidStatus.Rejected))
        {
            _groups.TryAdd((a.StudentId, a.Year, a.Term, a.StackGroup), (a.Programme, 0));
        }
        _stored = stored.ToDictionary(KeyOf);
        return _stored;
    }

    protected internal override AidApplication? Build(RowValues row, ImportContext ctx)
    {
        var number = row.Text("student", 30);
        var year = row.Year("year");
        var termText = row.Text("term", 10);
        var programmeText = row.Text("programme", 60);
        var amountValue = row.Number("amount", 0.01, 1_000_000);
        var paidOn = row.Date("date");
        var method = row.Text("method", 20)?.Trim();
        AidTerm term = default;
        if (termText is not null && !Terms.TryGetValue(termText.Trim(), out term))
        {
            row.Error("term", "学期应为秋季学期或春季学期（也可写 秋季、春季、第一学期、第二学期）");
        }
        if (method is not null && !Methods.Contains(method))
        {
            row.Error("method", $"发放方式应为{string.Join("、", Methods)}之一");
        }
        if (paidOn is { } p && p > ctx.Today)
        {
            row.Error("date", $"发放日期晚于今天 {ctx.Today:yyyy-MM-dd}");
        }
        var student = AidStudents.Find(row, ctx, number, null, _students, null);
        if (row.HasErrors || student is null || year is null || programmeText is null)
        {
            return null;
        }
        // Where the student was: the import 学年's snapshot when the row is of that 学年, else the 学籍 as it stands.
        var (schoolId, grade) = year == ctx.Year.StartYear && _snapshots.TryGetValue(student.Id, out var w) ? (w.SchoolId, w.Grade) : (student.SchoolId, student.Grade);
        if (year != ctx.Year.StartYear)
        {
            row.Warning("year", $"不是所选导入学年 {ctx.Year}，按学籍中该生现在的学校和年级核对学段");
        }
        if (!_schoolsById.TryGetValue(schoolId, out var school))
        {
            row.Error("student", "找不到该生的学校");
            return null;
        }
        var stage = Grades.StageOf(grade, school.Type);
        var programme = Programme(row, programmeText.Trim(), stage, grade);
        if (programme is null)
        {
            return null;
        }
        var schoolYear = new SchoolYear(year.Value);
        var start = AidRules.TermStart(schoolYear, term);
        var standard = AidRules.StandardOn(programme, stage, grade, start);
        if (standard is null)
        {
            row.Error("term", $"“{programme.Name}”在 {schoolYear} 学年{AidLabels.Of(term)}（{start:yyyy-MM-dd}）没有适用于{Grades.Label(grade)}的资助标准（aid-rules.json）");
            return null;
        }
        var due = AidRules.TermAmount(standard);
        var amount = Math.Round((decimal)amountValue!.Value, 2, MidpointRounding.AwayFromZero);
        if (amount != due)
        {
            row.Error("amount", string.Create(CultureInfo.InvariantCulture,
                $"与资助标准不符：“{programme.Name}”{schoolYear} 学年{AidLabels.Of(term)}{Grades.Label(grade)}每学期 {due:0.00} 元（全年 {standard.AnnualAmount:0.00} 元的一半，{standard.Source}）"));
        }
        _assessments.TryGetValue((student.Id, year.Value), out var cipher);
        var detail = cipher is null ? ((HardshipLevel, FinancialHardship?)?)null : DetailOf(cipher, ctx);
        if (AidRules.Ineligibility(programme, detail?.Item1, detail?.Item2) is { } why)
        {
            row.Error("programme", why + "（可先导入家庭经济困难认定）");
        }
        CheckAgainstStored(row, student.Id, programme, year.Value, term, schoolId, paidOn);
        if (row.HasErrors)
        {
            return null;
        }
        var by = AidStudents.Actor(ctx);
        return new AidApplication
        {
            StudentId = student.Id,
            SchoolId = schoolId,
            Grade = grade,
            Programme = programme.Code,
            StackGroup = programme.StackGroup,
            Year = year.Value,
            Term = term,
            Amount = due,
            Status = AidStatus.Paid,
            SubmittedOn = paidOn!.Value,
            SubmittedBy = by,
            SchoolReviewedOn = paidOn,
            SchoolReviewedBy = by,
            ApprovedOn = paidOn,
            ApprovedBy = by,
            PaidAmount = amount,
            PaidOn = paidOn,
            PaidBy = by,
            PaidVia = method,
        };
    }

    /// <summary>The application already stored, the stacking group (database and earlier rows) and the school's 公示 period.</summary>
    private void CheckAgainstStored(RowValues row, int studentId, AidProgramme programme, int year, AidTerm term, int schoolId, DateOnly? paidOn)
    {
        var key = $"{studentId}|{programme.Code}|{year}|{(int)term}";
        if (_stored.TryGetValue(key, out var stored) && stored.Status is not (AidStatus.Approved or AidStatus.Paid))
        {
            row.Error("programme", $"本系统中已有该生此项目本学期的申请 {stored.Number}，状态为{AidLabels.Of(stored.Status)}，不能以导入登记发放（须先在本系统中办完审核审批，或把它删除）");
        }
        var group = (studentId, year, term, programme.StackGroup);
        if (_groups.TryGetValue(group, out var other) && other.Programme != programme.Code)
        {
            row.Error("programme", other.Row == 0
                ? $"该生本学期已有“{_rules.ProgrammeName(other.Programme)}”，与“{programme.Name}”资助同一项费用，不得重复资助（student-aid.md §3）"
                : $"与第 {other.Row} 行的“{_rules.ProgrammeName(other.Programme)}”资助同一项费用，不得重复资助（student-aid.md §3）");
        }
        else if (!row.HasErrors)
        {
            _groups.TryAdd(group, (programme.Code, row.Row));
        }
        if (paidOn is { } day && Pending(programme.Code, year, term, schoolId, day) is { } end)
        {
            var message = $"该校本项目的资助名单公示期至 {end:yyyy-MM-dd}，发放日期尚在公示期内（公示不少于 {_rules.PublicityRule.WorkingDays} 个工作日，期满后发放，student-aid.md §5）";
            if (_rules.PublicityRule.BeforeEnd == AidPublicityRule.Refuse)
            {
                row.Error("date", message);
            }
            else
            {
                row.Warning("date", message);
            }
        }
    }

    private DateOnly? Pending(string programme, int year, AidTerm term, int schoolId, DateOnly paidOn) =>
        _notices.Where(n => n.Programme == programme && n.Year == year && (n.Term is null || n.Term == term) && n.SchoolId == schoolId && n.EndsOn >= paidOn)
            .Select(n => (DateOnly?)n.EndsOn).Max();

    private static (HardshipLevel, FinancialHardship?) DetailOf(byte[] cipher, ImportContext ctx) =>
        new HardshipAssessment { DetailCipher = cipher, AssessedBy = "" }.DetailOf(ctx.Protector);

    /// <summary>The programme a cell names (code, full name or a short name), the one open for the student's stage; errors name the column.</summary>
    private AidProgramme? Programme(RowValues row, string text, Stage stage, string grade)
    {
        var byName = _rules.Programmes.Where(p => p.Code == text || p.Name == text).ToList();
        var candidates = byName.Count > 0 ? byName
            : ShortNames.TryGetValue(text, out var codes) ? [.. _rules.Programmes.Where(p => codes.Contains(p.Code))] : [];
        if (candidates.Count == 0)
        {
            row.Error("programme", $"不是 aid-rules.json 中的资助项目（可填代码或名称：{string.Join("、", _rules.Programmes.Select(p => p.Name))}）");
            return null;
        }
        var open = candidates.Where(p => p.Stages.Contains(stage.ToString())).ToList();
        if (open.Count == 0)
        {
            var p = candidates[0];
            row.Error("programme", $"“{p.Name}”只资助{string.Join("、", p.Stages.Select(s => Labels.Of(Enum.Parse<Stage>(s))))}学生，该生为{Labels.Of(stage)}{Grades.Label(grade)}");
            return null;
        }
        return open[0];
    }

    protected internal override string KeyOf(AidApplication e) => $"{e.StudentId}|{e.Programme}|{e.Year}|{(int)e.Term}";
}
