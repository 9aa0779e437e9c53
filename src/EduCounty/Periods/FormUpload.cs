using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Tabular;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Periods;

/// <summary>
/// A school's upload of its own form (issue 22 §2 "or a school-level upload of the same form"): one sheet in the
/// national form's layout fills the school's draft, through the one spreadsheet reader and its guards
/// (<see cref="TabularFile"/>: type, size, zip directory and compression ratio, rows, columns, cell length). The census
/// sheet holds the grade × sex rows of the census import kind (年级, 性别, 在校生数, 招生数, 毕业生数, 班数; a
/// 学校标识码 or 学年 column, when there, must name this school and year; a 合计 row, when there, must add up); the
/// 办学条件 and 经费 sheets hold one row per item (栏目 in the first column as the page names it, 数值 in the second). Every
/// error names file, row, column and reason in Chinese, and nothing is written on any error; what passes is saved by
/// <see cref="CensusEntry.SaveAsync"/> or <see cref="SchoolFormEntry.SaveAsync"/> (the same rules and state checks as the
/// page's save). It fills the draft only: submitting is still the chain's.
/// </summary>
public static class FormUpload
{
    /// <summary>One school's form is a few dozen rows: 2 MB, 1,000 rows, 64 columns, 20 MB unpacked are far above it.</summary>
    public static TabularLimits DefaultLimits { get; } = TabularLimits.Default with
    {
        MaxFileBytes = 2L * 1024 * 1024,
        MaxRows = 1_000,
        MaxColumns = 64,
        MaxUncompressedBytes = 20L * 1024 * 1024,
    };

    /// <summary>What an upload did: the rows it read, or the errors (nothing written).</summary>
    public sealed record Result(int Rows, IReadOnlyList<string> Errors)
    {
        public bool Saved => Errors.Count == 0;
    }

    private static readonly (string Key, string[] Headers)[] CensusColumns =
    [
        ("grade", ["年级", "年级码", "年级名称"]),
        ("sex", ["性别", "性别码"]),
        ("students", ["在校生数", "在校学生数", "在校生"]),
        ("entrants", ["招生数", "招生", "新生数"]),
        ("graduates", ["毕业生数", "毕业生", "上学年毕业生数"]),
        ("classes", ["班数", "班级数"]),
        ("school", ["学校标识码", "学校代码", "学校识别码"]),
        ("year", ["学年", "学年度", "统计年度"]),
    ];

    private static string At(string file, int row, int column, string reason) =>
        $"文件 {file} 第 {row} 行 {TabularText.ColumnName(column + 1)} 列：{reason}";

    private static List<TabularRow>? Read(Stream stream, string fileName, TabularLimits limits, List<string> errors)
    {
        try
        {
            using var file = TabularFile.Open(stream, fileName, limits);
            return [.. file.Rows()];
        }
        catch (TabularRefusedException ex)
        {
            errors.Add(ex.Message);
            return null;
        }
    }

    private static bool TryCount(string? text, out int value)
    {
        value = 0;
        return text is null || int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The header: the first row holding 年级 and 性别 (title rows of the national form may stand above it).</summary>
    private static (Dictionary<string, int>? Map, int Row) FindHeader(List<TabularRow> rows)
    {
        foreach (var r in rows)
        {
            var found = new Dictionary<string, int>();
            for (var c = 0; c < r.Cells.Length; c++)
            {
                var h = TabularHeader.WithoutBrackets(r[c]);
                foreach (var (key, headers) in CensusColumns.Where(x => x.Headers.Contains(h) && !found.ContainsKey(x.Key)))
                {
                    found[key] = c;
                }
            }
            if (found.ContainsKey("grade") && found.ContainsKey("sex"))
            {
                return (found, r.Number);
            }
        }
        return (null, 0);
    }

    /// <summary>A 合计 row, when the sheet has one, must be the sum of the grade rows.</summary>
    private static void CheckTotalRow(TabularRow t, Dictionary<string, int> map, CensusEntry.Line total, string name, List<string> errors)
    {
        foreach (var (key, label, sum) in new[] { ("students", "在校生数", total.StudentsMale + total.StudentsFemale), ("entrants", "招生数", total.EntrantsMale + total.EntrantsFemale),
            ("graduates", "毕业生数", total.GraduatesMale + total.GraduatesFemale) })
        {
            if (map.TryGetValue(key, out var c) && t[c] is { } text && !(TryCount(text, out var v) && v == sum))
            {
                errors.Add(At(name, t.Number, c, $"合计{label}（{TabularText.Clip(text)}）不等于各年级之和（{sum}）"));
            }
        }
    }

    /// <summary>The form's lines from the sheet's grade × sex rows (a grade without rows: zeros) and their 合计.</summary>
    private static (List<CensusEntry.Line> Lines, CensusEntry.Line Total) LinesOf(string[] grades,
        Dictionary<(string Grade, Sex Sex), (int Row, int Students, int Entrants, int Graduates, int Classes)> cells)
    {
        var lines = grades.Select(g =>
        {
            var m = cells.GetValueOrDefault((g, Sex.Male));
            var f = cells.GetValueOrDefault((g, Sex.Female));
            return new CensusEntry.Line(g, m.Students, f.Students, m.Entrants, f.Entrants, m.Graduates, f.Graduates, Math.Max(m.Classes, f.Classes));
        }).ToList();
        var total = new CensusEntry.Line("total", lines.Sum(l => l.StudentsMale), lines.Sum(l => l.StudentsFemale), lines.Sum(l => l.EntrantsMale),
            lines.Sum(l => l.EntrantsFemale), lines.Sum(l => l.GraduatesMale), lines.Sum(l => l.GraduatesFemale), lines.Sum(l => l.Classes));
        return (lines, total);
    }

    /// <summary>Reads a census sheet and saves it as the school's draft (see the class).</summary>
    public static async Task<Result> CensusAsync(EduDb db, PeriodActor actor, int schoolId, int year, Stream stream, string fileName,
        TabularLimits? limits = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(stream);
        var name = Path.GetFileName(fileName ?? "");
        var errors = new List<string>();
        var school = await db.Schools.AsNoTracking().Where(s => s.Id == schoolId).Select(s => new { s.Code, s.Type }).SingleOrDefaultAsync(ct)
            ?? throw new RuleException("没有这所学校，或它不在您的管理范围内") { Field = "school" };
        var rows = Read(stream, name, limits ?? DefaultLimits, errors);
        if (rows is null)
        {
            return new(0, errors);
        }
        var (map, headerRow) = FindHeader(rows);
        if (map is null)
        {
            return new(0, [$"文件 {name}：找不到表头（须有“年级”“性别”两列，以及在校生数、招生数、毕业生数、班数）"]);
        }
        if (!map.TryGetValue("students", out var studentsColumn))
        {
            return new(0, [$"文件 {name} 第 {headerRow} 行：缺少“在校生数”列"]);
        }
        var grades = Grades.For(school.Type);
        var cells = new Dictionary<(string Grade, Sex Sex), (int Row, int Students, int Entrants, int Graduates, int Classes)>();
        TabularRow? totalRow = null;
        var read = 0;
        foreach (var r in rows.Where(r => r.Number > headerRow && !r.IsBlank))
        {
            var gradeText = r[map["grade"]];
            if (gradeText is "合计" or "总计")
            {
                totalRow = r;
                continue;
            }
            read++;
            var before = errors.Count;
            var grade = grades.FirstOrDefault(g => string.Equals(g, gradeText, StringComparison.OrdinalIgnoreCase) || Grades.Label(g) == gradeText);
            if (grade is null)
            {
                errors.Add(At(name, r.Number, map["grade"], $"年级“{TabularText.Clip(gradeText)}”不是本校（{Labels.Of(school.Type)}）的年级"));
            }
            var sexText = r[map["sex"]];
            Sex? sex = sexText switch { "男" or "1" => Sex.Male, "女" or "2" => Sex.Female, _ => null };
            if (sex is null)
            {
                errors.Add(At(name, r.Number, map["sex"], $"性别“{TabularText.Clip(sexText)}”应为 男 或 女"));
            }
            if (map.TryGetValue("school", out var sc) && r[sc] is { } code && code != school.Code)
            {
                errors.Add(At(name, r.Number, sc, $"学校标识码“{TabularText.Clip(code)}”不是本校的（{school.Code}）"));
            }
            if (map.TryGetValue("year", out var yc) && r[yc] is { } yt && !(SchoolYear.TryParse(yt, out var sy) && sy.StartYear == year))
            {
                errors.Add(At(name, r.Number, yc, $"学年“{TabularText.Clip(yt)}”不是本次填报的 {new SchoolYear(year)} 学年"));
            }
            int Count(string key, string label)
            {
                if (!map.TryGetValue(key, out var c))
                {
                    return 0;
                }
                if (!TryCount(r[c], out var v) || v < 0)
                {
                    errors.Add(At(name, r.Number, c, $"{label}“{TabularText.Clip(r[c])}”应为不小于 0 的整数"));
                    return 0;
                }
                return v;
            }
            var line = (r.Number, Count("students", "在校生数"), Count("entrants", "招生数"), Count("graduates", "毕业生数"), Count("classes", "班数"));
            if (errors.Count > before || grade is null || sex is null)
            {
                continue;
            }
            if (cells.TryGetValue((grade, sex.Value), out var first))
            {
                errors.Add(At(name, r.Number, map["grade"], $"{Grades.Label(grade)}{(sex == Sex.Male ? "男" : "女")}生已在第 {first.Row} 行填写，不能重复"));
                continue;
            }
            cells[(grade, sex.Value)] = line;
        }
        if (errors.Count > 0)
        {
            return new(read, errors);
        }
        if (cells.Count == 0)
        {
            return new(0, [$"文件 {name}：表头（第 {headerRow} 行）下没有年级行"]);
        }
        var (lines, total) = LinesOf(grades, cells);
        // The form's rules, each named at the cell it came from.
        int RowOf(string grade, string column) => column is nameof(CensusEntry.Line.StudentsFemale) or nameof(CensusEntry.Line.EntrantsFemale) or nameof(CensusEntry.Line.GraduatesFemale)
            ? cells.GetValueOrDefault((grade, Sex.Female)).Row is > 0 and var fr ? fr : cells.GetValueOrDefault((grade, Sex.Male)).Row
            : cells.GetValueOrDefault((grade, Sex.Male)).Row is > 0 and var mr ? mr : cells.GetValueOrDefault((grade, Sex.Female)).Row;
        int ColumnOf(string column) => map.GetValueOrDefault(column switch
        {
            nameof(CensusEntry.Line.EntrantsMale) or nameof(CensusEntry.Line.EntrantsFemale) => "entrants",
            nameof(CensusEntry.Line.GraduatesMale) or nameof(CensusEntry.Line.GraduatesFemale) => "graduates",
            nameof(CensusEntry.Line.Classes) => "classes",
            _ => "students",
        }, studentsColumn);
        foreach (var p in CensusEntry.Check(school.Type, lines, null))
        {
            var dot = p.Field.IndexOf('.', StringComparison.Ordinal);
            var (grade, column) = dot > 0 ? (p.Field[..dot], p.Field[(dot + 1)..]) : (p.Field, "");
            errors.Add(At(name, RowOf(grade, column), ColumnOf(column), p.Message));
        }
        if (totalRow is { } t)
        {
            CheckTotalRow(t, map, total, name, errors);
        }
        if (errors.Count > 0)
        {
            return new(read, errors);
        }
        await CensusEntry.SaveAsync(db, actor, schoolId, year, lines, total, ct);
        return new(read, []);
    }

    /// <summary>Reads a 办学条件 or 经费 sheet (栏目, 数值) and saves it as the school's draft (see the class).</summary>
    public static async Task<Result> FieldsAsync(EduDb db, PeriodActor actor, string form, int schoolId, int year, Stream stream, string fileName,
        TabularLimits? limits = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(stream);
        var fields = SchoolFormEntry.FieldsOf(form);
        // Scope first (through the context's school scope): another school's form is refused before its file is read.
        if (!await db.Schools.AnyAsync(s => s.Id == schoolId, ct))
        {
            throw new RuleException("没有这所学校，或它不在您的管理范围内") { Field = "school" };
        }
        var name = Path.GetFileName(fileName ?? "");
        var errors = new List<string>();
        var rows = Read(stream, name, limits ?? DefaultLimits, errors);
        if (rows is null)
        {
            return new(0, errors);
        }
        static string Plain(string? label) => TabularHeader.WithoutBrackets(label).Replace("其中:", "", StringComparison.Ordinal);
        var values = new Dictionary<string, decimal>();
        var at = new Dictionary<string, int>();
        var read = 0;
        foreach (var r in rows.Where(r => !r.IsBlank))
        {
            var field = fields.FirstOrDefault(f => Plain(f.Label) == Plain(r[0]));
            if (field is null)
            {
                continue; // titles, the header, notes
            }
            read++;
            if (at.TryGetValue(field.Key, out var first))
            {
                errors.Add(At(name, r.Number, 0, $"{field.Label}已在第 {first} 行填写，不能重复"));
                continue;
            }
            at[field.Key] = r.Number;
            var text = r[1];
            if (text is null)
            {
                values[field.Key] = 0;
            }
            else if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v))
            {
                values[field.Key] = v;
            }
            else
            {
                errors.Add(At(name, r.Number, 1, $"{field.LabelWithUnit}“{TabularText.Clip(text)}”应为数字"));
            }
        }
        if (read == 0)
        {
            return new(0, [$"文件 {name}：没有可识别的栏目（第一列应为栏目名称，如“{fields[0].Label}”，第二列为数值）"]);
        }
        if (errors.Count == 0)
        {
            errors.AddRange(SchoolFormEntry.Check(form, values).Select(p =>
                at.TryGetValue(p.Field, out var row) ? At(name, row, 1, p.Message) : $"文件 {name}：{p.Message}"));
        }
        if (errors.Count > 0)
        {
            return new(read, errors);
        }
        await SchoolFormEntry.SaveAsync(db, actor, form, schoolId, year, values, ct);
        return new(read, []);
    }
}
