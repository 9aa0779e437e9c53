using EduCounty.Common;
using EduCounty.Registry;

namespace EduCounty.Tests.Registry;

public sealed class StatusChangeTests
{
    private static readonly School Primary = new() { Id = 1, Code = "2165230201", Name = "第一小学", Type = SchoolType.Primary, CountyCode = "652302", TownshipCode = "652302001" };
    private static readonly School Junior = new() { Id = 2, Code = "3165230201", Name = "第二中学", Type = SchoolType.Junior, CountyCode = "652302", TownshipCode = "652302002" };

    private static Student Pupil(string grade) => new()
    {
        Id = 7,
        StudentNumber = "L001",
        StudentNumberHash = "h",
        Name = "测试学生",
        EthnicityCode = "01",
        SchoolId = Primary.Id,
        Grade = grade,
    };

    [Fact]
    public void A_graduated_student_cannot_transfer_out()
    {
        var s = Pupil("P6");
        s.Graduate(new DateOnly(2021, 7, 1));
        var e = Assert.Throws<RuleException>(() => s.TransferOut(new DateOnly(2021, 7, 10), null, "迁出"));
        Assert.Contains("毕业", e.Message);
    }

    [Fact]
    public void Only_the_last_grade_graduates()
    {
        var e = Assert.Throws<RuleException>(() => Pupil("P5").Graduate(new DateOnly(2021, 7, 1)));
        Assert.Contains("不是毕业年级", e.Message);
    }

    [Fact]
    public void Resumption_needs_a_suspension()
    {
        var s = Pupil("P3");
        Assert.Throws<RuleException>(() => s.Resume(new DateOnly(2021, 3, 1), "复学"));
        s.Suspend(new DateOnly(2021, 3, 1), "因病");
        s.Resume(new DateOnly(2021, 9, 1), "病愈");
        Assert.Equal(StudentStatus.Enrolled, s.Status);
        Assert.Equal([StatusChangeType.Suspension, StatusChangeType.Resumption], s.Changes.Select(c => c.Type));
    }

    [Fact]
    public void Promotion_goes_to_the_entry_grade_of_a_school_that_has_it()
    {
        var s = Pupil("P6");
        s.Graduate(new DateOnly(2021, 7, 1));
        Assert.Throws<RuleException>(() => s.Promote(new DateOnly(2021, 9, 1), Primary, "J1")); // a 小学 has no 初一
        Assert.Throws<RuleException>(() => s.Promote(new DateOnly(2021, 9, 1), Junior, "J2"));  // not an entry grade
        s.Promote(new DateOnly(2021, 9, 1), Junior, "J1");
        Assert.Equal((Junior.Id, "J1", StudentStatus.Enrolled), (s.SchoolId, s.Grade, s.Status));
        Assert.Equal(Primary.Id, s.Changes[^1].FromSchoolId);
    }

    [Fact]
    public void Changes_cannot_be_dated_before_the_last_one()
    {
        var s = Pupil("P3");
        s.Suspend(new DateOnly(2021, 3, 1), "因病");
        var e = Assert.Throws<RuleException>(() => s.Resume(new DateOnly(2021, 2, 1), "复学"));
        Assert.Contains("早于", e.Message);
    }

    [Fact]
    public void A_dropout_cannot_be_recorded_twice()
    {
        var s = Pupil("P5");
        s.DropOut(new DateOnly(2021, 3, 1), "辍学");
        Assert.Throws<RuleException>(() => s.DropOut(new DateOnly(2021, 4, 1), "辍学"));
    }
}
