using EduCounty.Common;

namespace EduCounty.Tests.Common;

public sealed class IdNumberTests
{
    // GB 11643-1999 example: 11010519491231002 → Σ(a_i × W_i) = 167 (worked below), 167 mod 11 = 2 → check 'X'.
    // 1×7 + 1×9 + 0×10 + 1×5 + 0×8 + 5×4 + 1×2 + 9×1 + 4×6 + 9×3 + 1×7 + 2×9 + 3×10 + 1×5 + 0×8 + 0×4 + 2×2
    //  = 7 + 9 + 0 + 5 + 0 + 20 + 2 + 9 + 24 + 27 + 7 + 18 + 30 + 5 + 0 + 0 + 4 = 167.
    [Theory]
    [InlineData("11010519491231002X")]
    // 44052419800101001: 4×7+4×9+0×10+5×5+2×8+4×4+1×2+9×1+8×6+0×3+0×7+1×9+0×10+1×5+0×8+0×4+1×2 = 196; 196 mod 11 = 9 → '3'.
    [InlineData("440524198001010013")]
    // Lower-case x is accepted and normalised.
    [InlineData("11010519491231002x")]
    public void Valid_numbers_pass(string id) => Assert.Null(IdNumber.Validate(id));

    [Theory]
    [InlineData("110105194912310021", "校验码错误")]   // check digit should be X
    [InlineData("440524198001010014", "校验码错误")]   // check digit should be 3
    [InlineData("44052419800101001", "应为 18 位")]
    [InlineData("4405241980010100A3", "第 17 位不是数字")]
    [InlineData("440524198013010013", "出生日期无效")]  // month 13
    [InlineData("", "为空")]
    public void Invalid_numbers_are_refused_with_a_reason(string id, string reason) =>
        Assert.Contains(reason, IdNumber.Validate(id));

    [Fact]
    public void Compose_gives_a_valid_number_with_the_sex_in_the_sequence()
    {
        var id = IdNumber.Compose("652302", new DateOnly(2012, 3, 4), 17);
        Assert.Null(IdNumber.Validate(id));
        Assert.StartsWith("65230220120304017", id);
        Assert.Equal(Sex.Male, IdNumber.SexOf(id)); // 17 is odd → male (GB 11643 §5.3.3)
        Assert.Equal(new DateOnly(2012, 3, 4), IdNumber.BirthDate(id));
    }

    [Fact]
    public void Mask_shows_only_the_first_and_last_four() =>
        Assert.Equal("6523**********123X", IdNumber.Mask("652302201203041234".Remove(14) + "123X"));
}

public sealed class SchoolCodeTests
{
    [Theory]
    [InlineData("2165230201", null)]
    [InlineData("1165230201", null)]
    [InlineData("216523020", "10 位数字")]
    [InlineData("21652302A1", "10 位数字")]
    [InlineData("2965230201", "学校类别码")]   // 29 is no category (codes.md §2)
    [InlineData("2199230201", "省级区划码")]   // 99 is no province
    public void School_codes_are_checked(string code, string? reason)
    {
        var result = SchoolCode.Validate(code);
        if (reason is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.Contains(reason, result);
        }
    }

    [Theory]
    [InlineData(SchoolType.Kindergarten, "11")]
    [InlineData(SchoolType.Primary, "21")]
    [InlineData(SchoolType.NineYear, "31")]   // 312 → 31 (codes.md §2: first two digits of 办学类型)
    [InlineData(SchoolType.Complete, "34")]
    [InlineData(SchoolType.Special, "51")]
    public void The_category_follows_the_school_type(SchoolType type, string category) =>
        Assert.Equal(category, SchoolCode.CategoryFor(type));
}

public sealed class SchoolYearTests
{
    [Theory]
    [InlineData("2020-2021", 2020)]
    [InlineData("2024—2025", 2024)]
    [InlineData("2023", 2023)]
    public void Parses_the_usual_forms(string text, int start) => Assert.Equal(start, SchoolYear.Parse(text).StartYear);

    [Theory]
    [InlineData("2020-2022")]
    [InlineData("二〇二〇")]
    [InlineData("")]
    public void Refuses_other_text(string text) => Assert.False(SchoolYear.TryParse(text, out _));

    [Fact]
    public void A_date_belongs_to_the_school_year_starting_the_previous_september()
    {
        Assert.Equal(new SchoolYear(2020), SchoolYear.Containing(new DateOnly(2021, 8, 31)));
        Assert.Equal(new SchoolYear(2021), SchoolYear.Containing(new DateOnly(2021, 9, 1)));
    }
}
