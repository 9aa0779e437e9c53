using EduCounty.Imports;

namespace EduCounty.Tests.Imports;

/// <summary>
/// RowValues.Date reads the usual yyyy-MM-dd by hand before the list of other forms: the fast path must accept exactly
/// the real calendar dates of that form and leave everything else to the general parser (which accepts or refuses).
/// </summary>
public sealed class RowValuesDateTests
{
    [Theory]
    [InlineData("2024-02-29", 2024, 2, 29)] // 2024 is a leap year (divisible by 4, not by 100)
    [InlineData("2000-02-29", 2000, 2, 29)] // divisible by 400: leap
    [InlineData("2025-12-31", 2025, 12, 31)]
    [InlineData("2025-1-5", 2025, 1, 5)] // other forms still go through the format list
    [InlineData("2025/01/05", 2025, 1, 5)]
    [InlineData("20250105", 2025, 1, 5)]
    [InlineData("2025年1月5日", 2025, 1, 5)]
    public void Real_dates_are_read(string text, int y, int m, int d)
    {
        var (value, errors) = Read(text);
        Assert.Equal(new DateOnly(y, m, d), value);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("2025-02-29")] // 2025 is not a leap year
    [InlineData("1900-02-29")] // divisible by 100, not by 400: not leap
    [InlineData("2025-13-01")]
    [InlineData("2025-00-10")]
    [InlineData("2025-04-31")]
    [InlineData("2025-04-00")]
    [InlineData("0000-01-01")]
    [InlineData("2025-0a-01")]
    [InlineData("２０２５-01-01")] // full-width digits are not ASCII digits
    public void Impossible_dates_are_errors(string text)
    {
        var (value, errors) = Read(text);
        Assert.Null(value);
        Assert.Equal("日期格式应为 yyyy-MM-dd", Assert.Single(errors).Rule);
    }

    private static (DateOnly? Value, List<ImportIssue> Errors) Read(string text)
    {
        var column = new ImportColumn("birth", "出生日期", true, "yyyy-MM-dd");
        var row = new RowValues("t.csv", new Dictionary<string, (int, ImportColumn)> { ["birth"] = (0, column) });
        row.Reset(2, [text]);
        var value = row.Date("birth");
        return (value, row.Issues.ToList());
    }
}
