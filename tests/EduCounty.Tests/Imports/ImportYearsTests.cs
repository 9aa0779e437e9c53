using System.Diagnostics;
using System.Text;
using EduCounty.Common;
using EduCounty.Imports;

namespace EduCounty.Tests.Imports;

/// <summary>
/// The school years an import may be for (Imports/ImportYears): the current one and the five before; a back-fill
/// reaches 2012-2013; never a year not yet started. One rule for the web form and the CLI.
/// </summary>
public sealed class ImportYearsTests
{
    // 2026-12-05: the school year 2026-2027 has started (1 September).
    private static readonly FixedClock December2026 = new(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));

    public static readonly TheoryData<int, bool, bool> Years = new()
    {
        { 2026, false, true },  // the current year
        { 2021, false, true },  // the fifth before it
        { 2020, false, false }, // the sixth before it: only as a back-fill
        { 2020, true, true },
        { 2012, true, true },   // the earliest back-fill
        { 2011, true, false },
        { 2027, false, false }, // not started yet
        { 2027, true, false },
    };

    [Theory]
    [MemberData(nameof(Years))]
    public void A_year_is_allowed_in_the_window_or_as_a_back_fill(int start, bool backfill, bool allowed)
    {
        var year = new SchoolYear(start);
        Assert.Equal(allowed, ImportYears.Allowed(December2026, backfill).Contains(year));
        if (allowed)
        {
            Assert.Equal(year, ImportYears.Check(year, December2026, backfill));
        }
        else
        {
            var e = Assert.Throws<RuleException>(() => ImportYears.Check(year, December2026, backfill));
            Assert.Equal(backfill
                ? $"学年“{year}”不可选：只能导入 2012-2013学年 至 2026-2027学年 的数据"
                : $"学年“{year}”不可选：只能导入 2021-2022学年 至 2026-2027学年 的数据", e.Message);
        }
    }

    [Fact]
    public void The_form_offers_the_current_year_first_and_the_five_before()
    {
        Assert.Equal([2026, 2025, 2024, 2023, 2022, 2021], ImportYears.Offered(December2026).Select(y => y.StartYear));
        // On 31 August the school year 2025-2026 is still the current one.
        var august = new FixedClock(new DateTimeOffset(2026, 8, 31, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(2025, ImportYears.Offered(august)[0].StartYear);
    }

    [Fact]
    public void A_posted_value_is_read_as_a_start_year_or_a_school_year_and_empty_means_the_current_one()
    {
        Assert.Equal(new SchoolYear(2026), ImportYears.Resolve(null, December2026));
        Assert.Equal(new SchoolYear(2026), ImportYears.Resolve(" ", December2026));
        Assert.Equal(new SchoolYear(2024), ImportYears.Resolve("2024", December2026));
        Assert.Equal(new SchoolYear(2024), ImportYears.Resolve("2024-2025", December2026));
        // The web form's message for anything else (its own test posts "明年" too).
        Assert.Equal("学年“明年”不可选：只能导入 2021-2022学年 至 2026-2027学年 的数据",
            Assert.Throws<RuleException>(() => ImportYears.Resolve("明年", December2026)).Message);
    }

    [Fact]
    public async Task The_cli_applies_the_same_rule_with_exit_code_2_and_back_fills_only_when_asked()
    {
        // The CLI uses the system clock: the year six before the current one is outside the window.
        var current = SchoolYear.Current(TimeProvider.System);
        var old = new SchoolYear(current.StartYear - 6);
        var folder = Path.Combine(Path.GetTempPath(), "educounty-tests", "import-years-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var db = Path.Combine(folder, "cli.db");
        var csv = Path.Combine(folder, "schools.csv");
        await File.WriteAllTextAsync(csv, "学校标识码,学校名称,办学类型,举办者,城乡分类,县级区划代码,乡镇区划代码\n2165099931,学年小学,211,公办,111,652302,652302001\n", Encoding.UTF8);

        var refused = await CliAsync("import", "schools", csv, "--year", old.ToString(), "--dry-run", "--db", db);
        Assert.Equal(2, refused.Code);
        Assert.Contains($"学年“{old}”不可选：只能导入 {new SchoolYear(current.StartYear - 5)}学年 至 {current}学年 的数据", refused.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("共 ", refused.Out, StringComparison.Ordinal); // nothing was read

        var backfill = await CliAsync("import", "schools", csv, "--year", old.ToString(), "--backfill", "--dry-run", "--db", db);
        Assert.True(backfill.Code == 0, backfill.Err);
        Assert.Contains($"学年 {old}", backfill.Out, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "educounty.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, stderr);
    }
}
