using System.Text.RegularExpressions;
using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Indicators.DataElements;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Readiness;

/// <summary>One missing data element and what fills it: the import kind (its CLI name) and the column of its template.</summary>
/// <param name="Element">The element's Chinese name (as in "这个数怎么算的?").</param>
/// <param name="ImportKind">
/// The import kind that fills it (<c>census</c>, <c>schools</c>, …), or <c>balance-record</c> for a 优质均衡 item a
/// supervisor records, <c>survey</c> for the 社会认可度 survey upload.
/// </param>
/// <param name="Column">The template column (for <c>statistics</c>: the 指标代码 to give), null when the whole file is the gap.</param>
public sealed record ReadinessGap(string Element, string ImportKind, string? Column);

/// <summary>One plan indicator or 优质均衡 item: ready (computable) or missing with its gaps.</summary>
/// <param name="Group">规划指标 or 优质均衡.</param>
public sealed record ReadinessItem(string Group, string Code, string Name, bool Ready, IReadOnlyList<ReadinessGap> Missing)
{
    /// <summary><c>ready</c> or <c>missing</c>.</summary>
    public string Status => Ready ? "ready" : "missing";
}

/// <summary>The readiness of a school year.</summary>
public sealed record ReadinessReport(SchoolYear Year, IReadOnlyList<ReadinessItem> Items)
{
    public int Ready => Items.Count(i => i.Ready);

    /// <summary>Every distinct gap, by import kind in the recommended order.</summary>
    public IReadOnlyList<ReadinessGap> Gaps =>
        [.. Items.SelectMany(i => i.Missing).Distinct().OrderBy(g => ImportOrder.Rank(g.ImportKind)).ThenBy(g => g.Column, StringComparer.Ordinal)];
}

/// <summary>
/// 数据完整度 (issue 12 §8): evaluates the plan and the 优质均衡 verdict for a school year and lists, for every plan
/// indicator and 优质均衡 item, the data elements that are missing and the import kind (and column) that fills each
/// one. The same evaluations as /plan and /balance/verdict, so "ready" here means a value there.
/// </summary>
public static partial class DataReadiness
{
    public static async Task<ReadinessReport> HandleAsync(EduDb db, PlanDocument plan, SchoolYear year, BalanceProfile profile, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        var items = new List<ReadinessItem>();
        var evaluation = await EvaluatePlan.HandleAsync(db, plan, year.StartYear, ct: ct);
        foreach (var r in evaluation.Rows)
        {
            var gaps = r.Inputs.Where(i => i.Value is null).Select(Gap).Distinct().ToList();
            if (r.Value.Value is null && gaps.Count == 0)
            {
                // Computable elements but no value (a zero denominator): the element that is zero is the gap.
                gaps.AddRange(r.Inputs.Where(i => i.Value == 0).Select(Gap).Distinct());
            }
            items.Add(new ReadinessItem("规划指标", r.Indicator.Code, r.Indicator.Name, r.Value.Value is not null, gaps));
        }
        var verdict = await EvaluateCountyVerdict.HandleAsync(db, plan.DivisionCode, year, profile, ct: ct);
        foreach (var part in verdict.Parts)
        {
            if (part.Name == AssuranceStandards.Resources)
            {
                items.Add(Resources(verdict.Resources, profile.Method(verdict.Resources.Method).Indicators.ToDictionary(i => i.Code, i => i.Measure)));
                continue;
            }
            items.AddRange(part.Items.Select(BalanceItem));
        }
        return new ReadinessReport(year, items);
    }

    /// <summary>An indicator's missing input; a census count unknown for want of a school's 普惠性 is filled by the schools file.</summary>
    private static ReadinessGap Gap(ElementInput i) =>
        i.Source.Contains("“普惠性”", StringComparison.Ordinal) ? new ReadinessGap(i.Name, "schools", "普惠性") : ElementGap(i.Code, i.Name);

    /// <summary>
    /// 资源配置: ready when the engine had schools with students for every compulsory stage and every indicator had a value
    /// for every school (otherwise no 差异系数 verdict can be reached: balance-rules.md §2.2). Each indicator missing for some
    /// school names the template column its numerator comes from (<see cref="MeasureGap"/>); no school at all names the
    /// files that make a school count.
    /// </summary>
    private static ReadinessItem Resources(BalanceReport report, Dictionary<string, Measure> measures)
    {
        if (report.Stages.Count == 0)
        {
            return new ReadinessItem("优质均衡", "resources", AssuranceStandards.Resources, false,
            [
                new("学校基本信息", "schools", null),
                new("在校生数", "census", "在校生数"),
            ]);
        }
        var gaps = report.Stages.SelectMany(s => s.Indicators).Where(i => i.MissingUnits > 0)
            .Select(i => measures.TryGetValue(i.Code, out var m) ? MeasureGap(i.Name, m) : new ReadinessGap(i.Name, "facilities", null))
            .Distinct().ToList();
        return new ReadinessItem("优质均衡", "resources", AssuranceStandards.Resources, gaps.Count == 0, gaps);
    }

    /// <summary>The template column of a 资源配置 indicator's numerator (the denominator, 在校生数, is there whenever a school counts).</summary>
    internal static ReadinessGap MeasureGap(string indicator, Measure m) => m switch
    {
        Measure.FullTimeTeachers => new(indicator, "staff", "岗位类别"),
        Measure.HigherDegreeTeachers => new(indicator, "staff", "学历"),
        Measure.KeyTeachers => new(indicator, "staff", "骨干教师"),
        Measure.ArtsSportsTeachers => new(indicator, "staff", "任教学科"),
        Measure.MidTitleTeachers => new(indicator, "staff", "职称"),
        Measure.TeachingArea => new(indicator, "facilities", "教学及辅助用房面积"),
        Measure.IndoorSports => new(indicator, "facilities", "室内体育用房面积"),
        Measure.SportsArea => new(indicator, "facilities", "体育运动场馆面积"),
        Measure.Equipment => new(indicator, "facilities", "教学仪器设备值"),
        Measure.MultimediaClassrooms => new(indicator, "facilities", "多媒体教室数"),
        Measure.Computers => new(indicator, "facilities", "计算机数"),
        Measure.Books => new(indicator, "facilities", "图书"),
        _ => new(indicator, "facilities", null),
    };

    private static ReadinessItem BalanceItem(VerdictItem v)
    {
        var names = v.Findings.SelectMany(f => MissingData().Matches(f)).SelectMany(m => m.Groups[1].Value.Split('、', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        var gaps = names.Select(BalanceGap).ToList();
        if (v.Met is null && gaps.Count == 0)
        {
            // No rule rows (or rules that could not decide without naming an element): a supervisor records it.
            gaps.Add(new ReadinessGap("督导评估结论", "balance-record", null));
        }
        return new ReadinessItem("优质均衡", v.Code, v.Name, v.Met is not null, gaps.Distinct().ToList());
    }

    [GeneratedRegex("缺少数据（([^）]+)）")]
    private static partial Regex MissingData();

    /// <summary>A 优质均衡 element named in a finding: its source decides the import kind.</summary>
    private static ReadinessGap BalanceGap(string name)
    {
        var b = BalanceElements.All.FirstOrDefault(e => e.Name == name);
        if (b is null)
        {
            var d = DataElementCatalog.All.FirstOrDefault(e => e.Name == name);
            return d is null ? new ReadinessGap(name, "statistics", null) : ElementGap(d.Code, d.Name);
        }
        return b.Source switch
        {
            ElementSource.School => new(name, "schools", null),
            ElementSource.Enrolment => new(name, "census", "在校生数"),
            ElementSource.Classes or ElementSource.Class => new(name, "classes", "班额"),
            ElementSource.Facility => new(name, "facilities", FacilityColumn(b)),
            ElementSource.Finance => new(name, "finance", name),
            ElementSource.Staff => new(name, "staff", b.Code switch
            {
                "school.teachers.key" => "骨干教师",
                "school.teachers.permanent" => "编制",
                _ => "岗位类别",
            }),
            ElementSource.Teachers => TeachersGap(name, b.Code),
            ElementSource.Students => new(name, "students", name.Contains("随迁", StringComparison.Ordinal) ? "随迁子女" : name.Contains("残疾", StringComparison.Ordinal) ? "残疾类别" : null),
            _ => new(name, "survey", null),
        };
    }

    /// <summary>A 教师队伍 record element (issue 16): filled on the 教师队伍 pages or by the training import.</summary>
    private static ReadinessGap TeachersGap(string name, string code) => new(name, "teachers", code switch
    {
        _ when code.Contains("training", StringComparison.Ordinal) => "继续教育记录",
        _ when code.Contains("rotat", StringComparison.Ordinal) => "交流轮岗名单",
        _ when code.Contains("certified", StringComparison.Ordinal) => "教师资格",
        _ when code.Contains("titles", StringComparison.Ordinal) => "骨干梯队称号",
        _ => "企业实践记录",
    });

    /// <summary>The 办学条件 template column of a facility element (its definition reads "办学条件：<column>…").</summary>
    private static string FacilityColumn(BalanceElement b) => b.Code switch
    {
        "school.music_room_m2" => "音乐专用教室每间面积",
        "school.art_room_m2" => "美术专用教室每间面积",
        "school.multimedia_classrooms" => "多媒体教室数",
        "school.books" => "图书",
        _ => b.Name,
    };

    /// <summary>A plan data element: the import kind and column that fill it (the element catalogue's rules).</summary>
    public static ReadinessGap ElementGap(string code, string name)
    {
        var e = DataElementCatalog.Find(code);
        return e?.Rule switch
        {
            EnrolmentRule => new(name, "census", code switch
            {
                "intake.primary.grade1" => "招生数",
                "graduates.junior" => "毕业生数",
                "entrants.senior.fresh_graduates" => "应届初中毕业生招生数",
                _ => "在校生数",
            }),
            StatisticRule s => new(name, "statistics", "指标代码 " + s.Key),
            PopulationRule => new(name, "population", "人数"),
            DisabledStudentsRule => new(name, "students", "残疾类别"),
            StaffRule => new(name, "staff", code switch
            {
                "teachers.vocational.dual_qualified" => "双师型",
                "teachers.permanent.mandarin_standard" => "普通话等级",
                "teachers.permanent" => "编制",
                _ => "任教学段",
            }),
            TeacherRecordRule => TeachersGap(name, code),
            SchoolRule => new(name, "schools", code switch
            {
                "schools.national_language" => "国家通用语言文字教学",
                "schools.digital_campus" => "数字校园达标年份",
                _ => null,
            }),
            _ => new(name, e?.FallbackStatisticKey is { } k ? "statistics" : "schools", e?.FallbackStatisticKey is { } key ? "指标代码 " + key : null),
        };
    }
}

/// <summary>The recommended order of imports for a county starting from an empty database (README "starting with your own county's data").</summary>
public static class ImportOrder
{
    /// <summary>Kinds (CLI names) in order: each one's codes exist when it is imported.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        ["divisions", "schools", "classes", "students", "changes", "staff", "facilities", "finance", "population", "statistics", "census", "vision", "fitness", "births", "housing", "aid-recognition", "aid-disbursement"];

    /// <summary>Position of a kind; gaps filled outside imports (supervisor records, the survey) come last.</summary>
    public static int Rank(string kind)
    {
        var i = ((List<string>)[.. Kinds]).IndexOf(kind);
        return i < 0 ? Kinds.Count : i;
    }
}

/// <summary>The latest school year with data: autumn census rows (either source) or 学籍 snapshots; null on an empty database.</summary>
public static class LatestDataYear
{
    public static async Task<SchoolYear?> HandleAsync(EduDb db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var census = await db.GradeEnrolments.MaxAsync(e => (int?)e.Year, ct);
        var records = await db.StudentYears.MaxAsync(s => (int?)s.Year, ct);
        var latest = new[] { census, records }.Max();
        return latest is { } y ? new SchoolYear(y) : null;
    }
}
