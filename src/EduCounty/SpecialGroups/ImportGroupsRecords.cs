using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.Common.Tabular;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.SpecialGroups;

/// <summary>What a groups file holds: 送教上门 visits or 留守儿童 关爱 records.</summary>
public enum GroupsImportKind
{
    /// <summary>送教上门 visits (dropout-prevention.md §6 record: student, teacher, date, duration, content).</summary>
    Visits = 1,

    /// <summary>留守儿童 关爱 records (issue 17 item 3: contact teacher, visits).</summary>
    Care = 2,
}

/// <summary>Import of a groups file; a dry run checks and counts without writing.</summary>
public sealed record ImportGroupsRecords(GroupsImportKind Kind, Stream File, string FileName, bool DryRun = false);

/// <summary>What an import did: errors mean nothing was written (all-or-nothing); rows already recorded are counted unchanged.</summary>
public sealed record GroupsImportOutcome(int Rows, int Inserted, int Unchanged, IReadOnlyList<TabularIssue> Errors, bool Written)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Brings 送教上门 visits or 留守 关爱 records kept by schools in spreadsheets into the records: each row's child found in
/// 学籍 by 学籍号 or 身份证件号 (keyed hashes, as the registry writes them) within the reader's scope, 姓名 checked, the
/// values checked by the same rules as the forms (<see cref="HomeTeaching.RecordVisitAsync"/>: a plan of the visit's
/// 学年, date not after today, 0–8 课时 a visit; <see cref="LeftBehindCareRecords.RecordAsync"/>: a 留守 child with a
/// 结对帮扶 teacher — the file's 帮扶教师 column assigns one where none is — and a known 关爱方式). A visit already there
/// (same plan and date) or a care record already there (same child, date and 方式) is unchanged, so a re-import writes
/// nothing. Every row is checked before anything is written; one transaction, audited.
/// Columns — visits: 学籍号|身份证件号, 姓名, 送教日期, 课时, 送教教师, 送教内容; care: 学籍号|身份证件号, 姓名, 关爱日期,
/// 关爱方式, 帮扶教师, 关爱记录.
/// </summary>
public static class ImportGroupsRecordsHandler
{
    public static TabularLimits DefaultLimits { get; } = TabularLimits.Default with { MaxFileBytes = 20L * 1024 * 1024, MaxRows = 200_000 };

    private static readonly (string Key, string Title, string[] Aliases)[] Common =
    [
        ("number", "学籍号", ["全国学籍号", "学生学籍号"]),
        ("id", "身份证件号", ["身份证号", "身份证件号码", "证件号码"]),
        ("name", "姓名", ["学生姓名"]),
    ];

    private static readonly (string Key, string Title, string[] Aliases)[] VisitColumns =
    [
        .. Common,
        ("date", "送教日期", ["日期", "送教时间"]),
        ("hours", "课时", ["送教课时", "课时数"]),
        ("teacher", "送教教师", ["教师", "送教人员"]),
        ("content", "送教内容", ["内容", "教学内容"]),
    ];

    private static readonly (string Key, string Title, string[] Aliases)[] CareColumns =
    [
        .. Common,
        ("date", "关爱日期", ["日期", "关爱时间"]),
        ("kind", "关爱方式", ["方式", "关爱形式"]),
        ("teacher", "帮扶教师", ["结对帮扶教师", "联系教师"]),
        ("note", "关爱记录", ["记录", "关爱内容", "备注"]),
    ];

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy-M-d"];

    private sealed record Line(int Row, string? Number, string? Id, string? Name, Dictionary<string, string?> Cells);

    public static async Task<GroupsImportOutcome> HandleAsync(EduDb db, PersonalDataProtector protector, GroupsRules rules, ImportGroupsRecords cmd, ActingUser by,
        DateOnly today, TabularLimits? limits = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(cmd);
        ArgumentNullException.ThrowIfNull(by);
        var columns = cmd.Kind == GroupsImportKind.Visits ? VisitColumns : CareColumns;
        var errors = new List<TabularIssue>();
        var lines = new List<Line>();
        try
        {
            using var file = TabularFile.Open(cmd.File, cmd.FileName, limits ?? DefaultLimits);
            Read(file, columns, lines, errors);
        }
        catch (TabularRefusedException e)
        {
            return new GroupsImportOutcome(0, 0, 0, [new TabularIssue(cmd.FileName, 0, null, null, e.Message)], false);
        }
        if (errors.Count > 0 && lines.Count == 0)
        {
            return new GroupsImportOutcome(0, 0, 0, errors, false);
        }
        var students = await StudentsAsync(db, protector, lines, ct);
        var write = new List<Action>();
        var counts = new Counts();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = students.Values.Select(s => s.Id).Distinct().ToList();
        var plans = new List<HomeTeachingPlan>();
        var cares = new List<LeftBehindCare>();
        foreach (var chunk in ids.Chunk(500))
        {
            if (cmd.Kind == GroupsImportKind.Visits)
            {
                plans.AddRange(await db.HomeTeachingPlans.Include(p => p.Visits).Where(p => chunk.Contains(p.StudentId)).ToListAsync(ct));
            }
            else
            {
                cares.AddRange(await db.LeftBehindCares.Include(c => c.Records).Where(c => chunk.Contains(c.StudentId)).ToListAsync(ct));
            }
        }
        foreach (var l in lines)
        {
            void Error(string? column, string? value, string reason) => errors.Add(new TabularIssue(cmd.FileName, l.Row, column, value, reason));
            string Title(string key) => columns.First(c => c.Key == key).Title;
            (int Id, int SchoolId, string Name, bool Disabled, bool LeftBehind) who;
            if (l.Number is { } number)
            {
                if (!students.TryGetValue("N:" + protector.LookupHash(number), out who))
                {
                    Error("学籍号", StudentNumbers.Display(number), "没有此学籍号的学生（或不在您的管理范围内）");
                    continue;
                }
            }
            else if (!students.TryGetValue("H:" + protector.LookupHash(IdNumber.Normalize(l.Id!)), out who))
            {
                Error("身份证件号", IdNumber.Mask(l.Id), "没有此身份证件号的学生（或不在您的管理范围内）");
                continue;
            }
            if (l.Name is { } name && name != who.Name)
            {
                Error("姓名", name, $"与学籍中的姓名“{who.Name}”不符");
                continue;
            }
            var dateText = l.Cells["date"];
            if (!DateOnly.TryParseExact(dateText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Error(Title("date"), dateText, dateText is null ? "不能为空" : "日期应为 yyyy-MM-dd");
                continue;
            }
            if (date > today)
            {
                Error(Title("date"), dateText, "晚于今天");
                continue;
            }
            var teacher = l.Cells["teacher"];
            if (teacher is { Length: > 100 })
            {
                Error(Title("teacher"), teacher, $"不能超过 100 个字（实际 {teacher.Length} 个）");
                continue;
            }
            if (cmd.Kind == GroupsImportKind.Visits)
            {
                Visit(l, who, date, dateText, teacher, plans, seen, counts, write, protector, by, Error, Title);
            }
            else
            {
                Care(l, who, date, teacher, rules, cares, seen, counts, write, protector, by, db, Error, Title);
            }
        }
        var rows = lines.Count + errors.Select(e => e.Row).Where(r => r > 1).Distinct().Count(r => lines.All(l => l.Row != r));
        if (errors.Count > 0)
        {
            return new GroupsImportOutcome(rows, 0, counts.Unchanged, [.. errors.OrderBy(e => e.Row)], false);
        }
        if (cmd.DryRun || counts.Inserted == 0)
        {
            return new GroupsImportOutcome(rows, counts.Inserted, counts.Unchanged, [], false);
        }
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var w in write)
        {
            w();
        }
        await db.SaveChangesAsync(ct);
        var what = cmd.Kind == GroupsImportKind.Visits ? "送教上门记录" : "留守儿童关爱记录";
        await db.AuditAsync("import", cmd.Kind == GroupsImportKind.Visits ? nameof(HomeTeachingVisit) : nameof(CareRecord), null,
            $"导入{what}：{cmd.FileName}，{rows} 行（新增 {counts.Inserted}，已有 {counts.Unchanged}）", ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return new GroupsImportOutcome(rows, counts.Inserted, counts.Unchanged, [], true);
    }

    private sealed class Counts
    {
        public int Inserted { get; set; }
        public int Unchanged { get; set; }
    }

    /// <summary>A visit row: the plan of the visit's 学年, 课时 and teacher checked; a visit of the same plan and date is unchanged.</summary>
    private static void Visit(Line l, (int Id, int SchoolId, string Name, bool Disabled, bool LeftBehind) who, DateOnly date, string? dateText, string? teacher,
        List<HomeTeachingPlan> plans, Dictionary<string, int> seen, Counts counts, List<Action> write, PersonalDataProtector protector, ActingUser by,
        Action<string?, string?, string> Error, Func<string, string> Title)
    {
        var year = SchoolYear.Containing(date);
        var plan = plans.FirstOrDefault(p => p.StudentId == who.Id && p.Year == year.StartYear);
        if (plan is null)
        {
            Error(Title("date"), dateText, $"学生“{who.Name}”在 {year} 学年没有送教上门方案（一人一案），请先制定方案");
            return;
        }
        var hoursText = l.Cells["hours"];
        if (!decimal.TryParse(hoursText, NumberStyles.Number, CultureInfo.InvariantCulture, out var hours) || hours <= 0 || hours > 8)
        {
            Error(Title("hours"), hoursText, hoursText is null ? "不能为空" : "应为大于 0、不超过 8 的数（一次送教的课时）");
            return;
        }
        if (teacher is null)
        {
            Error(Title("teacher"), null, "不能为空");
            return;
        }
        if (!seen.TryAdd($"{plan.Id}|{date:yyyy-MM-dd}", l.Row))
        {
            Error(null, null, $"与第{seen[$"{plan.Id}|{date:yyyy-MM-dd}"]}行是同一学生同一天的送教");
            return;
        }
        if (plan.Visits.Any(v => v.Date == date))
        {
            counts.Unchanged++;
            return;
        }
        var content = l.Cells["content"];
        counts.Inserted++;
        write.Add(() => plan.Visits.Add(new HomeTeachingVisit
        {
            Date = date,
            Hours = hours,
            ContentCipher = content is null ? null : protector.Encrypt(content),
            Teacher = teacher,
            RecordedBy = by.Name,
        }));
    }

    /// <summary>A care row: a 留守 child, a known 方式, a 帮扶教师 (from the file where none is); a record of the same child, date and 方式 is unchanged.</summary>
    private static void Care(Line l, (int Id, int SchoolId, string Name, bool Disabled, bool LeftBehind) who, DateOnly date, string? teacher, GroupsRules rules,
        List<LeftBehindCare> cares, Dictionary<string, int> seen, Counts counts, List<Action> write, PersonalDataProtector protector, ActingUser by, EduDb db,
        Action<string?, string?, string> Error, Func<string, string> Title)
    {
        if (!who.LeftBehind)
        {
            Error("学籍号", null, $"学生“{who.Name}”的学籍中未登记为留守儿童");
            return;
        }
        var kindText = l.Cells["kind"];
        var kind = rules.CareKinds.FirstOrDefault(k => k.Code == kindText || k.Name == kindText);
        if (kind is null)
        {
            Error(Title("kind"), kindText, kindText is null ? "不能为空" : $"应为 {string.Join("、", rules.CareKinds.Select(k => k.Name))}");
            return;
        }
        var care = cares.FirstOrDefault(c => c.StudentId == who.Id);
        if (care is null && teacher is null)
        {
            Error(Title("teacher"), null, $"学生“{who.Name}”尚未指定结对帮扶教师，请在本列填写");
            return;
        }
        if (!seen.TryAdd($"{who.Id}|{date:yyyy-MM-dd}|{kind.Code}", l.Row))
        {
            Error(null, null, $"与第{seen[$"{who.Id}|{date:yyyy-MM-dd}|{kind.Code}"]}行是同一学生同一天同一方式的关爱记录");
            return;
        }
        if (care is not null && care.Records.Any(r => r.Date == date && r.Kind == kind.Code))
        {
            counts.Unchanged++;
            return;
        }
        if (care is null)
        {
            care = new LeftBehindCare { StudentId = who.Id, SchoolId = who.SchoolId, ContactTeacher = teacher!, AssignedOn = date };
            cares.Add(care);
            var added = care;
            write.Add(() => db.LeftBehindCares.Add(added));
        }
        var target = care;
        var note = l.Cells["note"];
        counts.Inserted++;
        write.Add(() => target.Records.Add(new CareRecord
        {
            Date = date,
            Kind = kind.Code,
            NoteCipher = note is null ? null : protector.Encrypt(note),
            RecordedBy = by.Name,
        }));
    }

    private static void Read(TabularFile file, (string Key, string Title, string[] Aliases)[] columns, List<Line> lines, List<TabularIssue> errors)
    {
        Dictionary<string, int>? at = null;
        foreach (var row in file.Rows())
        {
            if (at is null)
            {
                at = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var c = 0; c < row.Cells.Length; c++)
                {
                    var h = TabularHeader.WithoutBrackets(row[c]);
                    var col = columns.FirstOrDefault(x => x.Title == h || x.Aliases.Contains(h));
                    if (col.Key is not null) at.TryAdd(col.Key, c);
                }
                if (!at.ContainsKey("number") && !at.ContainsKey("id"))
                {
                    errors.Add(new TabularIssue(file.FileName, row.Number, null, null, "缺少“学籍号”或“身份证件号”列（至少一列用于找到学生）"));
                }
                foreach (var col in columns.Skip(Common.Length).Where(c => c.Key is "date" && !at.ContainsKey(c.Key)))
                {
                    errors.Add(new TabularIssue(file.FileName, row.Number, null, null, $"缺少“{col.Title}”列"));
                }
                if (errors.Count > 0) return;
                continue;
            }
            if (row.IsBlank) continue;
            string? Cell(string key) => at.TryGetValue(key, out var c) && row[c] is { } v && v.Trim().Length > 0 ? v.Trim() : null;
            var number = Cell("number")?.ToUpperInvariant();
            var id = Cell("id")?.ToUpperInvariant();
            if (number is null && id is null)
            {
                errors.Add(new TabularIssue(file.FileName, row.Number, "学籍号", null, "学籍号和身份证件号不能都为空"));
                continue;
            }
            if (number is null && IdNumber.Validate(id) is { } bad)
            {
                errors.Add(new TabularIssue(file.FileName, row.Number, "身份证件号", IdNumber.Mask(id), bad));
                continue;
            }
            lines.Add(new Line(row.Number, number, id, Cell("name"), columns.Skip(Common.Length).ToDictionary(c => c.Key, c => Cell(c.Key))));
        }
        if (at is null)
        {
            errors.Add(new TabularIssue(file.FileName, 1, null, null, "文件是空的（没有表头行）"));
        }
    }

    private static async Task<Dictionary<string, (int Id, int SchoolId, string Name, bool Disabled, bool LeftBehind)>> StudentsAsync(EduDb db, PersonalDataProtector protector,
        List<Line> lines, CancellationToken ct)
    {
        var found = new Dictionary<string, (int, int, string, bool, bool)>(StringComparer.Ordinal);
        foreach (var chunk in lines.Where(l => l.Number is not null).Select(l => protector.LookupHash(l.Number!)).Distinct().Chunk(500))
        {
            foreach (var s in await db.Students.Where(s => chunk.Contains(s.StudentNumberHash))
                .Select(s => new { s.Id, s.SchoolId, s.Name, s.Disabled, s.LeftBehindChild, s.StudentNumberHash }).ToListAsync(ct))
            {
                found["N:" + s.StudentNumberHash] = (s.Id, s.SchoolId, s.Name, s.Disabled, s.LeftBehindChild);
            }
        }
        foreach (var chunk in lines.Where(l => l.Number is null && l.Id is not null).Select(l => protector.LookupHash(IdNumber.Normalize(l.Id!))).Distinct().Chunk(500))
        {
            foreach (var s in await db.Students.Where(s => s.IdNumberHash != null && chunk.Contains(s.IdNumberHash))
                .Select(s => new { s.Id, s.SchoolId, s.Name, s.Disabled, s.LeftBehindChild, s.IdNumberHash }).ToListAsync(ct))
            {
                found["H:" + s.IdNumberHash] = (s.Id, s.SchoolId, s.Name, s.Disabled, s.LeftBehindChild);
            }
        }
        return found;
    }
}
