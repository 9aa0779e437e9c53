using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using EduCounty.Common;
using EduCounty.Common.Tabular;

namespace EduCounty.Fitness;

/// <summary>A row of one of the embedded tables, kept so that every score can show where it came from.</summary>
public sealed record SourceRow(string File, int Line, string Text)
{
    public override string ToString() => $"{File} 第{Line}行：{Text}";
}

/// <summary>items.csv: one test item.</summary>
public sealed record FitnessItemInfo(FitnessItem Item, string Code, string NameZh, string Unit, bool LowerIsBetter, int Decimals)
{
    /// <summary>The unit in Chinese (毫升, 秒, 厘米, 次; items.csv unit_zh).</summary>
    public string UnitZh { get; init; } = "";
}

/// <summary>grades.csv: one grade code (P1–P6, J1–J3, S1–S3, U1–U4) and its weight group.</summary>
public sealed record FitnessGradeInfo(string Code, string NameZh, string Stage, string WeightGroup, string TableGroup);

/// <summary>scores.csv: the threshold needed for one score level.</summary>
public sealed record ScoreLevel(int Score, decimal Threshold, SourceRow Source);

/// <summary>bonus.csv: the threshold needed for one bonus level (加分).</summary>
public sealed record BonusLevel(int Bonus, decimal Threshold, SourceRow Source);

/// <summary>bmi.csv: one band; bounds are inclusive at one decimal, null when open-ended.</summary>
public sealed record BmiBand(string Category, decimal? Min, decimal? Max, int Score, SourceRow Source)
{
    public bool Contains(decimal bmi) => (Min is null || bmi >= Min) && (Max is null || bmi <= Max);
}

/// <summary>weights.csv: the weight of one item for a weight group and sex.</summary>
public sealed record ItemWeight(FitnessItem Item, decimal Weight, SourceRow Source);

/// <summary>ratings.csv: one 等级 band on the 学年总分 at one decimal.</summary>
public sealed record RatingBand(string Rating, decimal? Min, decimal? Max, SourceRow Source)
{
    public bool Contains(decimal total) => (Min is null || total >= Min) && (Max is null || total <= Max);
}

/// <summary>
/// One single-item table (item × sex × grade) with its levels from best to worst.
/// README "Boundary semantics": higher-is-better items take the highest score whose threshold ≤ result,
/// lower-is-better (timed) items the highest score whose threshold ≥ result; a result exactly on a threshold
/// earns that score. Blank 引体向上 levels are absent from the table, so they cannot be awarded.
/// </summary>
public sealed class ScoreTable
{
    internal ScoreTable(FitnessItem item, bool lowerIsBetter, ImmutableArray<ScoreLevel> levels)
    {
        Item = item;
        LowerIsBetter = lowerIsBetter;
        Levels = levels;
    }

    public FitnessItem Item { get; }
    public bool LowerIsBetter { get; }

    /// <summary>Levels ordered from 100 points down to the lowest level (10, or 30 for J1 引体向上).</summary>
    public ImmutableArray<ScoreLevel> Levels { get; }

    /// <summary>The level reached, or null when the result is worse than the lowest level (0 points).</summary>
    public ScoreLevel? Lookup(decimal result)
    {
        foreach (var level in Levels)
        {
            if (LowerIsBetter ? result <= level.Threshold : result >= level.Threshold)
            {
                return level;
            }
        }
        return null;
    }
}

/// <summary>One 加分 table (item × sex × grade), levels ordered from the largest bonus down.</summary>
public sealed class BonusTable
{
    internal BonusTable(bool lowerIsBetter, ImmutableArray<BonusLevel> levels)
    {
        LowerIsBetter = lowerIsBetter;
        Levels = levels;
    }

    public bool LowerIsBetter { get; }
    public ImmutableArray<BonusLevel> Levels { get; }

    /// <summary>README "Bonus points": the largest bonus whose threshold the result meets, same comparator as the item.</summary>
    public BonusLevel? Lookup(decimal result)
    {
        foreach (var level in Levels)
        {
            if (LowerIsBetter ? result <= level.Threshold : result >= level.Threshold)
            {
                return level;
            }
        }
        return null;
    }
}

/// <summary>
/// 国家学生体质健康标准（2014年修订）as data: the tables of Tables/*.csv (embedded resources), loaded once
/// into immutable look-ups indexed by item, sex and grade. Load checks the tables' own invariants
/// (monotonic levels, weights summing to 100 %, four BMI bands) and throws <see cref="InvalidDataException"/>.
/// </summary>
public sealed class FitnessStandard
{
    private const int SexSlots = 2;
    private static readonly Lazy<FitnessStandard> Embedded = new(LoadEmbedded);

    private readonly FrozenDictionary<string, int> _gradeIndex;
    private readonly ScoreTable?[] _scores;
    private readonly BonusTable?[] _bonus;
    private readonly ImmutableArray<BmiBand>[] _bmi;
    private readonly ImmutableArray<ItemWeight>[] _weights;

    /// <summary>The standard built from the embedded tables.</summary>
    public static FitnessStandard Default => Embedded.Value;

    public ImmutableArray<FitnessItemInfo> Items { get; }
    public ImmutableArray<FitnessGradeInfo> Grades { get; }
    public ImmutableArray<RatingBand> Ratings { get; }

    private FitnessStandard(
        ImmutableArray<FitnessItemInfo> items,
        ImmutableArray<FitnessGradeInfo> grades,
        ImmutableArray<RatingBand> ratings,
        ScoreTable?[] scores,
        BonusTable?[] bonus,
        ImmutableArray<BmiBand>[] bmi,
        ImmutableArray<ItemWeight>[] weights)
    {
        Items = items;
        Grades = grades;
        Ratings = ratings;
        _gradeIndex = grades.Select((g, i) => (g.Code, i)).ToFrozenDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        _scores = scores;
        _bonus = bonus;
        _bmi = bmi;
        _weights = weights;
    }

    public FitnessItemInfo Item(FitnessItem item) => Items[(int)item];

    /// <summary>Index of a grade code in grades.csv, or -1.</summary>
    public int GradeIndex(string grade) => _gradeIndex.TryGetValue(grade, out var i) ? i : -1;

    public bool IsGrade(string grade) => _gradeIndex.ContainsKey(grade);

    /// <summary>The items a student of this grade and sex takes, with their weights (weights.csv).</summary>
    public ImmutableArray<ItemWeight> Weights(Sex sex, int gradeIndex) => _weights[Slot(sex, gradeIndex)];

    public ImmutableArray<ItemWeight> Weights(Sex sex, string grade) => Weights(sex, RequireGrade(grade));

    public ScoreTable? Scores(FitnessItem item, Sex sex, int gradeIndex) => _scores[ItemSlot(item, sex, gradeIndex)];

    public ScoreTable? Scores(FitnessItem item, Sex sex, string grade) => Scores(item, sex, RequireGrade(grade));

    public BonusTable? Bonus(FitnessItem item, Sex sex, int gradeIndex) => _bonus[ItemSlot(item, sex, gradeIndex)];

    public BonusTable? Bonus(FitnessItem item, Sex sex, string grade) => Bonus(item, sex, RequireGrade(grade));

    public ImmutableArray<BmiBand> BmiBands(Sex sex, int gradeIndex) => _bmi[Slot(sex, gradeIndex)];

    public ImmutableArray<BmiBand> BmiBands(Sex sex, string grade) => BmiBands(sex, RequireGrade(grade));

    private int RequireGrade(string grade)
    {
        var i = GradeIndex(grade);
        return i >= 0 ? i : throw new ArgumentException($"未知年级代码“{grade}”（应为 grades.csv 中的 P1–P6、J1–J3、S1–S3、U1–U4）", nameof(grade));
    }

    private static int Slot(Sex sex, int gradeIndex) => gradeIndex * SexSlots + (sex == Sex.Female ? 1 : 0);

    private int ItemSlot(FitnessItem item, Sex sex, int gradeIndex) =>
        ((int)item * Grades.Length + gradeIndex) * SexSlots + (sex == Sex.Female ? 1 : 0);

    private static FitnessStandard LoadEmbedded()
    {
        var asm = typeof(FitnessStandard).Assembly;
        return Load(name => OpenResource(asm, name));
    }

    private static StreamReader OpenResource(Assembly asm, string name)
    {
        var stream = asm.GetManifestResourceStream("EduCounty.Fitness.Tables." + name)
            ?? throw new InvalidDataException($"缺少内嵌体质健康标准表 {name}");
        return new StreamReader(stream, System.Text.Encoding.UTF8);
    }

    /// <summary>Builds the standard from CSV text; <paramref name="open"/> returns a reader for a table file name.</summary>
    public static FitnessStandard Load(Func<string, TextReader> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        var items = ReadItems(open);

        var grades = ReadTable(open, "grades.csv")
            .Select(r => new FitnessGradeInfo(r["grade"], r["name_zh"], r["stage"], r["weight_group"], r["table_group"]))
            .ToImmutableArray();
        var gradeIndex = grades.Select((g, i) => (g.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var n = grades.Length;

        int GradeOf(Row r)
        {
            return gradeIndex.TryGetValue(r["grade"], out var g) ? g : throw r.Bad("grade", "未知年级代码");
        }

        // scores.csv
        var scores = new ScoreTable?[FitnessItems.Count * n * SexSlots];
        foreach (var group in ReadTable(open, "scores.csv").GroupBy(r => (r["item"], r["sex"], r["grade"])))
        {
            var first = group.First();
            var item = ItemOf(first);
            var info = items[(int)item];
            var levels = group.Select(r =>
            {
                var lower = r["comparator"] == "<=";
                if (lower != info.LowerIsBetter)
                {
                    throw r.Bad("comparator", "比较符与 items.csv 的 lower_is_better 不一致");
                }
                return new ScoreLevel(r.Int("score"), r.Dec("threshold"), r.Source);
            }).OrderByDescending(l => l.Score).ToImmutableArray();
            for (var i = 1; i < levels.Length; i++)
            {
                var better = info.LowerIsBetter ? levels[i].Threshold > levels[i - 1].Threshold : levels[i].Threshold < levels[i - 1].Threshold;
                if (!better)
                {
                    throw new InvalidDataException($"{levels[i].Source}：阈值不是严格单调");
                }
            }
            scores[SlotOf(item, SexOf(first), GradeOf(first))] = new ScoreTable(item, info.LowerIsBetter, levels);
        }

        // bonus.csv
        var bonus = new BonusTable?[FitnessItems.Count * n * SexSlots];
        foreach (var group in ReadTable(open, "bonus.csv").GroupBy(r => (r["item"], r["sex"], r["grade"])))
        {
            var first = group.First();
            var item = ItemOf(first);
            var levels = group.Select(r => new BonusLevel(r.Int("bonus"), r.Dec("threshold"), r.Source))
                .OrderByDescending(l => l.Bonus).ToImmutableArray();
            bonus[SlotOf(item, SexOf(first), GradeOf(first))] = new BonusTable(items[(int)item].LowerIsBetter, levels);
        }

        // bmi.csv
        var bmi = new ImmutableArray<BmiBand>[n * SexSlots];
        foreach (var group in ReadTable(open, "bmi.csv").GroupBy(r => (r["sex"], r["grade"])))
        {
            var first = group.First();
            var bands = group.Select(r => new BmiBand(r["category"], r.DecOrNull("min"), r.DecOrNull("max"), r.Int("score"), r.Source)).ToImmutableArray();
            if (bands.Length != 4)
            {
                throw new InvalidDataException($"{first.Source}：每个性别与年级应有 4 个 BMI 区间");
            }
            bmi[GradeOf(first) * SexSlots + (SexOf(first) == Sex.Female ? 1 : 0)] = bands;
        }

        // weights.csv, expanded to each grade through grades.csv weight_group
        var byGroup = ReadTable(open, "weights.csv")
            .GroupBy(r => (Group: r["weight_group"], Sex: SexOf(r)))
            .ToDictionary(g => g.Key, g => g.Select(r => new ItemWeight(ItemOf(r), r.Dec("weight"), r.Source)).ToImmutableArray());
        foreach (var (key, list) in byGroup)
        {
            if (list.Sum(w => w.Weight) != 1m)
            {
                throw new InvalidDataException($"weights.csv：{key.Group} {key.Sex} 权重之和不是 100%");
            }
        }
        var weights = new ImmutableArray<ItemWeight>[n * SexSlots];
        for (var g = 0; g < n; g++)
        {
            foreach (var sex in new[] { Sex.Male, Sex.Female })
            {
                if (!byGroup.TryGetValue((grades[g].WeightGroup, sex), out var list))
                {
                    throw new InvalidDataException($"weights.csv：缺少权重组 {grades[g].WeightGroup}");
                }
                foreach (var w in list)
                {
                    if (w.Item != FitnessItem.Bmi && scores[SlotOf(w.Item, sex, g)] is null)
                    {
                        throw new InvalidDataException($"scores.csv：缺少 {FitnessItems.Code(w.Item)} {FitnessItems.SexCode(sex)} {grades[g].Code} 的评分表");
                    }
                }
                if (bmi[g * SexSlots + (sex == Sex.Female ? 1 : 0)].IsDefault)
                {
                    throw new InvalidDataException($"bmi.csv：缺少 {FitnessItems.SexCode(sex)} {grades[g].Code}");
                }
                weights[g * SexSlots + (sex == Sex.Female ? 1 : 0)] = list;
            }
        }

        var ratings = ReadTable(open, "ratings.csv")
            .Select(r => new RatingBand(r["rating"], r.DecOrNull("min_total"), r.DecOrNull("max_total"), r.Source))
            .ToImmutableArray();

        return new FitnessStandard(items, grades, ratings, scores, bonus, bmi, weights);

        int SlotOf(FitnessItem item, Sex sex, int g) => ((int)item * n + g) * SexSlots + (sex == Sex.Female ? 1 : 0);
    }

    /// <summary>items.csv: one row per item, in the program's item order.</summary>
    private static ImmutableArray<FitnessItemInfo> ReadItems(Func<string, TextReader> open)
    {
        var items = ReadTable(open, "items.csv").Select(r =>
        {
            if (!FitnessItems.TryParse(r["item"], out var item) || r.Index != (int)item)
            {
                throw r.Bad("item", "项目代码与程序中的项目列表不一致");
            }
            var lower = r["lower_is_better"];
            return new FitnessItemInfo(item, r["item"], r["name_zh"], r["unit"], lower == "true", r.Int("threshold_decimals")) { UnitZh = r["unit_zh"] };
        }).ToImmutableArray();
        return items.Length == FitnessItems.Count
            ? items
            : throw new InvalidDataException($"items.csv 应有 {FitnessItems.Count} 个项目，实有 {items.Length} 个");
    }

    private static FitnessItem ItemOf(Row r) =>
        FitnessItems.TryParse(r["item"], out var item) ? item : throw r.Bad("item", "未知项目代码");

    private static Sex SexOf(Row r) => r["sex"] switch
    {
        "M" => Sex.Male,
        "F" => Sex.Female,
        _ => throw r.Bad("sex", "性别应为 M 或 F"),
    };

    private static List<Row> ReadTable(Func<string, TextReader> open, string file)
    {
        using var reader = open(file);
        var rows = new List<Row>();
        string[]? header = null;
        // The tables have no line breaks inside fields, so a record's number is its line.
        foreach (var rec in TabularFile.CsvRows(reader, file, TabularLimits.Default))
        {
            if (rec.IsBlank)
            {
                continue;
            }
            var fields = Array.ConvertAll(rec.Cells, c => c ?? string.Empty);
            if (header is null)
            {
                header = fields;
                continue;
            }
            rows.Add(new Row(file, header, fields, rows.Count, new SourceRow(file, rec.Number, Line(fields))));
        }
        return rows;
    }

    /// <summary>A record as the CSV line it came from (fields with a comma or quote quoted again).</summary>
    private static string Line(string[] fields) => string.Join(",", fields.Select(f =>
        f.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f));

    /// <summary>A data row of a table, with its header for access by column name.</summary>
    private sealed record Row(string File, string[] Header, string[] Fields, int Index, SourceRow Source)
    {
        public string this[string column]
        {
            get
            {
                var i = Array.IndexOf(Header, column);
                if (i < 0 || i >= Fields.Length)
                {
                    throw new InvalidDataException($"{File} 第{Source.Line}行：缺少列 {column}");
                }
                return Fields[i].Trim();
            }
        }

        public int Int(string column) =>
            int.TryParse(this[column], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(column, "不是整数");

        public decimal Dec(string column) =>
            decimal.TryParse(this[column], NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(column, "不是数值");

        public decimal? DecOrNull(string column) => this[column].Length == 0 ? null : Dec(column);

        public InvalidDataException Bad(string column, string reason) =>
            new($"{File} 第{Source.Line}行 {column} 列（{this[column]}）：{reason}");
    }
}
