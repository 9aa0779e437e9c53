using System.Globalization;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Periods;

/// <summary>
/// 学校填报 of the school's own 办学条件 (<see cref="Facility"/>) and 经费 (<see cref="Finance"/>) (issue 22 §2), in the
/// units of the statistics tables: areas in ㎡, 图书 in 册, 计算机 in 台, rooms in 间, money in 万元 (the registry keeps
/// 元: balance-rules.md §2.1 L6 "统计表单位万元 ⇒ ×10 000"). The form's rules: every figure ≥ 0 and counts whole; the
/// 校舍 total = 教学及辅助用房 + 行政办公用房 + 生活用房 + 其他用房 (the 校舍 table's parts; 其他用房 is not kept on the
/// entity and is read back as the remainder); the "其中" items not above their whole (室内体育用房 of 教学及辅助用房,
/// balance-rules.md §2.1 note a; 体育运动场（馆）of 占地面积; 教师培训经费 of 公用经费, balance-rules.md Q4); a special
/// room's area per room where the school has such rooms. Like <see cref="CensusEntry"/>, the school's save writes the
/// registry row of that 学年 (source of the figures the county approves and locks), and a change beyond the jump of
/// <see cref="PeriodRules"/> against last year needs a 变动说明 on submit.
/// </summary>
public static class SchoolFormEntry
{
    /// <summary>
    /// One field of a form: its key, the national table's label, its unit, decimals allowed (0: whole), the scale from
    /// the form's unit to the stored one (万元 → 元: 10 000), the key of the whole it is a "其中" of, and whether the
    /// entity keeps it (其他用房 is only the remainder of the 校舍 total).
    /// </summary>
    public sealed record Field(string Key, string Label, string Unit, int Decimals, string? PartOf = null, decimal Scale = 1, bool Stored = true)
    {
        public bool Whole => Decimals == 0;

        public string LabelWithUnit => $"{Label}（{Unit}）";
    }

    /// <summary>The key of the remainder of 校舍建筑面积 (not on the entity).</summary>
    public const string OtherM2 = "OtherM2";

    private static readonly string[] BuildingParts =
        [nameof(Facility.TeachingAreaM2), nameof(Facility.AdministrativeM2), nameof(Facility.LivingM2), OtherM2];

    /// <summary>办学条件 in the order of the 基层报表's 办学条件 tables (占地, 校舍, 资产, 专用教室).</summary>
    public static readonly IReadOnlyList<Field> FacilityFields =
    [
        new(nameof(Facility.LandM2), "学校占地面积", "㎡", 2),
        new(nameof(Facility.SportsAreaM2), "其中：体育运动场（馆）面积", "㎡", 2, nameof(Facility.LandM2)),
        new(nameof(Facility.BuildingM2), "校舍建筑面积合计", "㎡", 2),
        new(nameof(Facility.TeachingAreaM2), "教学及辅助用房", "㎡", 2),
        new(nameof(Facility.IndoorSportsM2), "其中：室内体育用房", "㎡", 2, nameof(Facility.TeachingAreaM2)),
        new(nameof(Facility.AdministrativeM2), "行政办公用房", "㎡", 2),
        new(nameof(Facility.LivingM2), "生活用房", "㎡", 2),
        new(OtherM2, "其他用房", "㎡", 2, Stored: false),
        new(nameof(Facility.EquipmentValueYuan), "教学仪器设备资产值", "万元", 4, Scale: 10_000),
        new(nameof(Facility.Books), "图书", "册", 0),
        new(nameof(Facility.Computers), "计算机", "台", 0),
        new(nameof(Facility.MultimediaClassrooms), "网络多媒体教室", "间", 0),
        new(nameof(Facility.MusicRooms), "音乐专用教室", "间", 0),
        new(nameof(Facility.MusicRoomsM2), "音乐专用教室每间面积", "㎡", 2),
        new(nameof(Facility.ArtRooms), "美术专用教室", "间", 0),
        new(nameof(Facility.ArtRoomsM2), "美术专用教室每间面积", "㎡", 2),
        new(nameof(Facility.BandwidthMbps), "互联网出口带宽", "兆", 0),
    ];

    /// <summary>经费 (万元; stored in 元).</summary>
    public static readonly IReadOnlyList<Field> FinanceFields =
    [
        new(nameof(Finance.PublicFundsYuan), "公用经费支出", "万元", 4, Scale: 10_000),
        new(nameof(Finance.TeacherTrainingYuan), "其中：教师培训经费", "万元", 4, nameof(Finance.PublicFundsYuan), 10_000),
    ];

    /// <summary>Rooms and the field of their area per room.</summary>
    private static readonly (string Rooms, string Area)[] RoomAreas =
        [(nameof(Facility.MusicRooms), nameof(Facility.MusicRoomsM2)), (nameof(Facility.ArtRooms), nameof(Facility.ArtRoomsM2))];

    /// <summary>The forms this class enters (census has <see cref="CensusEntry"/>).</summary>
    public static bool Handles(string form) => form is PeriodForms.Facilities or PeriodForms.Finance;

    public static IReadOnlyList<Field> FieldsOf(string form) => form switch
    {
        PeriodForms.Facilities => FacilityFields,
        PeriodForms.Finance => FinanceFields,
        _ => throw new RuleException($"报表“{form}”不是办学条件或经费") { Field = "form" },
    };

    /// <summary>A broken rule at a field (<see cref="Field.Key"/>).</summary>
    public sealed record Problem(string Field, string Message);

    private static string Text(decimal v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>
    /// The form's rules over the values the school wrote (form units; a missing key is 0). Pure: the page's script mirrors
    /// them while the school types, the server runs them on save and on submit.
    /// </summary>
    public static List<Problem> Check(string form, IReadOnlyDictionary<string, decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var fields = FieldsOf(form);
        decimal V(string key) => values.GetValueOrDefault(key);
        var problems = new List<Problem>();
        foreach (var f in fields)
        {
            var v = V(f.Key);
            if (v < 0)
            {
                problems.Add(new(f.Key, $"{f.LabelWithUnit}不能为负数"));
            }
            else if (decimal.Round(v, f.Decimals) != v)
            {
                problems.Add(new(f.Key, f.Whole ? $"{f.LabelWithUnit}应为整数" : $"{f.LabelWithUnit}最多 {f.Decimals} 位小数"));
            }
        }
        foreach (var f in fields.Where(f => f.PartOf is not null))
        {
            var whole = fields.First(w => w.Key == f.PartOf);
            if (V(f.Key) > V(whole.Key))
            {
                problems.Add(new(f.Key, $"{f.Label}（{Text(V(f.Key))} {f.Unit}）是{whole.Label}的一部分，不能大于它（{Text(V(whole.Key))} {whole.Unit}）"));
            }
        }
        if (form == PeriodForms.Facilities)
        {
            var sum = BuildingParts.Sum(V);
            if (V(nameof(Facility.BuildingM2)) != sum)
            {
                problems.Add(new(nameof(Facility.BuildingM2),
                    $"校舍建筑面积合计（{Text(V(nameof(Facility.BuildingM2)))} ㎡）不等于教学及辅助用房、行政办公用房、生活用房、其他用房之和（{Text(sum)} ㎡）"));
            }
            foreach (var (rooms, area) in RoomAreas)
            {
                if (V(rooms) > 0 && V(area) <= 0)
                {
                    var f = fields.First(x => x.Key == area);
                    problems.Add(new(area, $"有{fields.First(x => x.Key == rooms).Label}，{f.Label}不能为 0"));
                }
            }
        }
        return problems;
    }

    /// <summary>The stored row's values in form units (其他用房: the remainder of the 校舍 total).</summary>
    public static Dictionary<string, decimal> ValuesOf(object row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var form = row is Facility ? PeriodForms.Facilities : PeriodForms.Finance;
        var values = new Dictionary<string, decimal>();
        foreach (var f in FieldsOf(form).Where(f => f.Stored))
        {
            var raw = Convert.ToDecimal(row.GetType().GetProperty(f.Key)!.GetValue(row), CultureInfo.InvariantCulture);
            values[f.Key] = decimal.Round(raw / f.Scale, f.Decimals);
        }
        if (form == PeriodForms.Facilities)
        {
            values[OtherM2] = values[nameof(Facility.BuildingM2)] - BuildingParts.Where(p => p != OtherM2).Sum(p => values[p]);
        }
        return values;
    }

    private static void Write(object row, string form, IReadOnlyDictionary<string, decimal> values)
    {
        foreach (var f in FieldsOf(form).Where(f => f.Stored))
        {
            var p = row.GetType().GetProperty(f.Key)!;
            var stored = values.GetValueOrDefault(f.Key) * f.Scale;
            p.SetValue(row, p.PropertyType == typeof(int) ? (object)(int)stored : (double)stored);
        }
    }

    /// <summary>One school's form of one year: this year's values (null: nothing stored yet), last year's, the chain.</summary>
    public sealed record Form(string FormCode, int SchoolId, string SchoolName, int Year, IReadOnlyDictionary<string, decimal>? Values,
        IReadOnlyDictionary<string, decimal>? LastYear, SubmissionState State, IReadOnlyList<CensusEntry.StepRow> Steps)
    {
        public IReadOnlyList<Field> Fields => FieldsOf(FormCode);
    }

    private static async Task<object?> RowAsync(EduDb db, string form, int schoolId, int year, bool track, CancellationToken ct) => form == PeriodForms.Facilities
        ? await (track ? db.Facilities : db.Facilities.AsNoTracking()).SingleOrDefaultAsync(f => f.SchoolId == schoolId && f.Year == year, ct)
        : await (track ? db.Finances : db.Finances.AsNoTracking()).SingleOrDefaultAsync(f => f.SchoolId == schoolId && f.Year == year, ct);

    /// <summary>Reads the form through the context's scope (another school: refused as not found).</summary>
    public static async Task<Form> GetAsync(EduDb db, string form, int schoolId, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        FieldsOf(form);
        var school = await db.Schools.AsNoTracking().Where(s => s.Id == schoolId).Select(s => new { s.Id, s.Name }).SingleOrDefaultAsync(ct)
            ?? throw new RuleException("没有这所学校，或它不在您的管理范围内") { Field = "school" };
        var now = await RowAsync(db, form, schoolId, year, false, ct);
        var last = await RowAsync(db, form, schoolId, year - 1, false, ct);
        var (state, steps) = await PeriodStore.StepsAsync(db, form, schoolId, year, ct);
        return new Form(form, school.Id, school.Name, year, now is null ? null : ValuesOf(now), last is null ? null : ValuesOf(last), state, steps);
    }

    /// <summary>
    /// Saves the school's figures (a draft until it submits): only by the school, only while its form is 未填报 or 退回
    /// in an open period (a locked 学年 is refused by the period guard as well); every rule checked; nothing written on a
    /// refusal.
    /// </summary>
    public static async Task SaveAsync(EduDb db, PeriodActor actor, string form, int schoolId, int year, IReadOnlyDictionary<string, decimal> values, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(values);
        FieldsOf(form);
        if (actor.Level != ReviewLevel.School)
        {
            throw new RuleException($"{PeriodForms.Label(form)}由学校填报；乡镇和县级用户审核或退回，不直接修改学校的数") { Field = "school" };
        }
        var period = await PeriodStore.FindAsync(db, year, form, ct);
        if (period.State == PeriodState.Locked)
        {
            throw new RuleException($"{new SchoolYear(year)} 学年{PeriodForms.Label(form)}已锁定（第 {period.Version} 版），不能修改") { Field = "state" };
        }
        var sub = await PeriodStore.SubmissionAsync(db, period, schoolId, ct);
        if (sub.State is not (SubmissionState.NotFilled or SubmissionState.Returned))
        {
            throw new RuleException($"填报状态为“{SubmissionChain.Label(sub.State)}”，不能修改（退回后才能修改）") { Field = "state" };
        }
        if (Check(form, values) is { Count: > 0 } problems)
        {
            throw new RuleException("不能保存：" + string.Join("；", problems.Select(p => p.Message))) { Field = problems[0].Field };
        }
        var row = await RowAsync(db, form, schoolId, year, true, ct);
        if (row is null)
        {
            row = form == PeriodForms.Facilities ? new Facility { SchoolId = schoolId, Year = year } : new Finance { SchoolId = schoolId, Year = year };
            db.Add(row);
        }
        Write(row, form, values);
        db.AuditDetail = $"学校填报：{new SchoolYear(year)} 学年{PeriodForms.Label(form)}";
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.AuditDetail = null;
        }
    }

    /// <summary>The rules over the stored row (on submit).</summary>
    internal static async Task<List<Problem>> CheckStoredAsync(EduDb db, string form, int schoolId, int year, CancellationToken ct)
    {
        var f = await GetAsync(db, form, schoolId, year, ct);
        return f.Values is null ? [new("form", $"还没有填写本学年的{PeriodForms.Label(form)}")] : Check(form, f.Values);
    }

    /// <summary>
    /// The fields whose figure changed beyond the jump against last year's (none without last year's form): "图书 12000 册
    /// （上年 8000 册，+50%）". Counts (册, 台, 间, 兆) need more than <see cref="PeriodRules.JumpMinPersons"/> apart as
    /// the census's persons do; areas and money the percentage alone.
    /// </summary>
    public static List<string> JumpTexts(Form form, PeriodRules rules)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(rules);
        if (form.Values is null || form.LastYear is null)
        {
            return [];
        }
        var list = new List<string>();
        foreach (var f in form.Fields)
        {
            var (before, now) = (form.LastYear.GetValueOrDefault(f.Key), form.Values.GetValueOrDefault(f.Key));
            var diff = Math.Abs(now - before);
            var jump = diff > (f.Whole ? rules.JumpMinPersons : 0) && (before == 0 || diff * 100m > rules.JumpPercent * Math.Abs(before));
            if (jump)
            {
                var pct = before == 0 ? "" : $"，{(now > before ? "+" : "")}{((now - before) * 100m / before).ToString("0.#", CultureInfo.InvariantCulture)}%";
                list.Add($"{f.Label} {Text(now)} {f.Unit}（上年 {Text(before)} {f.Unit}{pct}）");
            }
        }
        return list;
    }

    /// <summary>The jump rule's words for these forms.</summary>
    public static string JumpRuleText(PeriodRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return $"变化超过 {rules.JumpPercent.ToString("0.##", CultureInfo.InvariantCulture)}%（册、台、间等计数还须相差超过 {rules.JumpMinPersons}）";
    }
}
