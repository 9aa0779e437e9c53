using System.Net;
using EduCounty.Common;
using EduCounty.Periods;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Periods;

/// <summary>
/// Issue 22 §6 over HTTP (the pages and their form commands, docs/adr/0019): a school user cannot open or post another
/// school's form, nor approve or lock; a 乡镇 user cannot review a school of another 乡镇; the census form's rules are
/// checked again by the server on save. On a database of its own (it writes), both providers.
/// </summary>
public sealed class PeriodScopeWebTests
{
    private const string Outside = "不在您的管理范围内";

    /// <summary>The message a form command came back with (the redirect's msg).</summary>
    private static string Message(HttpResponseMessage r)
    {
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"{r.StatusCode}");
        return Uri.UnescapeDataString(EduWebFactory.PathOf(r));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Schools_and_townships_reach_only_their_own_forms_and_steps(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "periods-scope");
        var year = SchoolYear.Current(TimeProvider.System);
        int s1, s2, s3;
        await using (var db = Database.Open(app.Database))
        {
            db.Actor = "test";
            db.Divisions.AddRange(new Division { Code = "652302", Name = "阜康市", Level = 3 },
                new Division { Code = "652302001", Name = "甲乡", Level = 4, ParentCode = "652302" }, new Division { Code = "652302002", Name = "乙乡", Level = 4, ParentCode = "652302" });
            School S(int i, string township) => new()
            {
                Code = $"21650{i:D5}",
                Name = $"第{i}小学",
                Type = SchoolType.Primary,
                CountyCode = "652302",
                TownshipCode = township,
                OpenedOn = new DateOnly(2000, 9, 1),
            };
            var schools = new[] { S(1, "652302001"), S(2, "652302001"), S(3, "652302002") };
            db.Schools.AddRange(schools);
            await db.SaveChangesAsync();
            (s1, s2, s3) = (schools[0].Id, schools[1].Id, schools[2].Id);
            await ManagePeriod.OpenAsync(db, year.StartYear, PeriodForms.Census, null);
        }
        var clerk = await app.SignInAsync("ps-clerk", await app.EnsureUserAsync("ps-clerk", Roles.SchoolClerk, schoolId: s1));
        var townA = await app.SignInAsync("ps-town-a", await app.EnsureUserAsync("ps-town-a", Roles.Township, divisionCode: "652302001"));
        var townB = await app.SignInAsync("ps-town-b", await app.EnsureUserAsync("ps-town-b", Roles.Township, divisionCode: "652302002"));
        string Url(int school, string? action = null) => $"/periods/census/{school}{(action is null ? "" : "/" + action)}";

        // The clerk's own form; another school's page shows no form and says it is outside the scope.
        var own = await clerk.GetStringAsync($"{Url(s1)}?year={year}");
        Assert.Contains("id=\"census-form\"", own, StringComparison.Ordinal);
        var other = await clerk.GetStringAsync($"{Url(s2)}?year={year}");
        Assert.Contains(Outside, other, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"census-form\"", other, StringComparison.Ordinal);

        // One class of 10 + 10 per grade; 一年级 all entrants, 六年级 5 + 5 graduates; 合计 by hand: 60 + 60, 10 + 10, 5 + 5, 6.
        var form = EduWebFactory.HiddenFields(own);
        Assert.Equal("P1,P2,P3,P4,P5,P6", form["grades"]);
        foreach (var g in Grades.Primary)
        {
            (form[$"{g}.StudentsMale"], form[$"{g}.StudentsFemale"], form[$"{g}.Classes"]) = ("10", "10", "1");
        }
        (form["P1.EntrantsMale"], form["P1.EntrantsFemale"], form["P6.GraduatesMale"], form["P6.GraduatesFemale"]) = ("10", "10", "5", "5");
        foreach (var (c, v) in new[] { ("StudentsMale", "60"), ("StudentsFemale", "60"), ("EntrantsMale", "10"), ("EntrantsFemale", "10"), ("GraduatesMale", "5"), ("GraduatesFemale", "5"), ("Classes", "6") })
        {
            form[$"total.{c}"] = v;
        }

        // Posting the same figures (with the clerk's own token) to school 2's form and submitting it are refused.
        Assert.Contains(Outside, Message(await clerk.PostAsync(Url(s2, "save"), new FormUrlEncodedContent(form))), StringComparison.Ordinal);
        Assert.Contains(Outside, Message(await clerk.PostAsync(Url(s2, "submit"), new FormUrlEncodedContent(form))), StringComparison.Ordinal);

        // The server checks the form's rules on save (the page's script is not trusted): 3 entrants in 二年级.
        var broken = new Dictionary<string, string>(form) { ["P2.EntrantsMale"] = "3", ["total.EntrantsMale"] = "13" };
        Assert.Contains("不能保存：二年级：招生数只填在各学段的起始年级", Message(await clerk.PostAsync(Url(s1, "save"), new FormUrlEncodedContent(broken))), StringComparison.Ordinal);
        await using (var db = Database.Open(app.Database))
        {
            Assert.Equal(0, await db.GradeEnrolments.CountAsync());
            Assert.False(await db.PeriodSubmissions.AnyAsync(s => s.SchoolId == s2));
        }

        Assert.Contains("已保存", Message(await clerk.PostAsync(Url(s1, "save"), new FormUrlEncodedContent(form))), StringComparison.Ordinal);
        Assert.Contains("当前状态：已提交", Message(await clerk.PostAsync(Url(s1, "submit"), new FormUrlEncodedContent(form))), StringComparison.Ordinal);

        // The clerk cannot approve its own form, nor lock the period (a county policy: the denied page).
        Assert.Contains("只能由乡镇用户执行", Message(await clerk.PostAsync(Url(s1, "approve"), new FormUrlEncodedContent(form))), StringComparison.Ordinal);
        Assert.Contains("不能县级审核通过", Message(await clerk.PostAsync(Url(s1, "county-approve"), new FormUrlEncodedContent(form))), StringComparison.Ordinal);
        var manage = new Dictionary<string, string> { ["__RequestVerificationToken"] = form["__RequestVerificationToken"], ["year"] = $"{year.StartYear}", ["form"] = "census" };
        Assert.StartsWith("/account/denied", EduWebFactory.PathOf(await clerk.PostAsync("/periods/manage/lock", new FormUrlEncodedContent(manage))), StringComparison.Ordinal);

        // 乡镇 B cannot open or review school 1 (乡镇 A's); 乡镇 A can.
        var pageB = await townB.GetStringAsync($"{Url(s1)}?year={year}");
        Assert.Contains(Outside, pageB, StringComparison.Ordinal);
        var tokenB = EduWebFactory.HiddenFields(await townB.GetStringAsync($"{Url(s3)}?year={year}"))["__RequestVerificationToken"];
        var review = new Dictionary<string, string> { ["__RequestVerificationToken"] = tokenB, ["year"] = $"{year.StartYear}", ["comment"] = "退回" };
        Assert.Contains(Outside, Message(await townB.PostAsync(Url(s1, "return"), new FormUrlEncodedContent(review))), StringComparison.Ordinal);
        Assert.Contains(Outside, Message(await townB.PostAsync(Url(s1, "approve"), new FormUrlEncodedContent(review))), StringComparison.Ordinal);
        var pageA = await townA.GetStringAsync($"{Url(s1)}?year={year}");
        Assert.Contains("id=\"approve\"", pageA, StringComparison.Ordinal);
        // The reviewer's reconciliation columns are on 乡镇 A's page, not on the school's.
        Assert.Contains("学籍人数", pageA, StringComparison.Ordinal);
        Assert.DoesNotContain("学籍人数", own, StringComparison.Ordinal);
        var tokenA = EduWebFactory.HiddenFields(pageA)["__RequestVerificationToken"];
        Assert.Contains("当前状态：乡镇已审核", Message(await townA.PostAsync(Url(s1, "approve"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = tokenA, ["year"] = $"{year.StartYear}" }))), StringComparison.Ordinal);

        await using (var db = Database.Open(app.Database))
        {
            // Only school 1's form moved: two steps, both by the users who may; the period is still open.
            Assert.Equal([("ps-clerk", SubmissionState.Submitted), ("ps-town-a", SubmissionState.TownshipApproved)],
                (await db.SubmissionSteps.OrderBy(s => s.Id).Select(s => new { s.Actor, s.To }).ToListAsync()).Select(s => (s.Actor, s.To)));
            Assert.Equal([s1], await db.PeriodSubmissions.Where(s => s.State != SubmissionState.NotFilled).Select(s => s.SchoolId).ToListAsync());
            Assert.Equal(PeriodState.Open, (await db.ReportingPeriods.SingleAsync()).State);
        }
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_school_cannot_post_another_schools_facilities_form_and_its_own_is_checked_again_by_the_server(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "periods-facilities-scope");
        var year = SchoolYear.Current(TimeProvider.System);
        int s1, s2;
        await using (var db = Database.Open(app.Database))
        {
            db.Actor = "test";
            db.Divisions.AddRange(new Division { Code = "652302", Name = "阜康市", Level = 3 }, new Division { Code = "652302001", Name = "甲乡", Level = 4, ParentCode = "652302" });
            var schools = Enumerable.Range(1, 2).Select(i => new School
            {
                Code = $"21650{i:D5}",
                Name = $"第{i}小学",
                Type = SchoolType.Primary,
                CountyCode = "652302",
                TownshipCode = "652302001",
                OpenedOn = new DateOnly(2000, 9, 1),
            }).ToArray();
            db.Schools.AddRange(schools);
            await db.SaveChangesAsync();
            (s1, s2) = (schools[0].Id, schools[1].Id);
            await ManagePeriod.OpenAsync(db, year.StartYear, PeriodForms.Facilities, null);
            await ManagePeriod.OpenAsync(db, year.StartYear, PeriodForms.Census, null);
        }
        var clerk = await app.SignInAsync("pf-clerk", await app.EnsureUserAsync("pf-clerk", Roles.SchoolClerk, schoolId: s1));
        string Url(int school, string? action = null) => $"/periods/facilities/{school}{(action is null ? "" : "/" + action)}";

        var own = await clerk.GetStringAsync($"{Url(s1)}?year={year}");
        Assert.Contains("id=\"school-form\"", own, StringComparison.Ordinal);
        Assert.Contains("校舍建筑面积合计", own, StringComparison.Ordinal);
        var other = await clerk.GetStringAsync($"{Url(s2)}?year={year}");
        Assert.Contains(Outside, other, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"school-form\"", other, StringComparison.Ordinal);

        // 校舍 1300 = 1000 + 150 + 100 + 50 (hand sum); 占地 5000 of which 运动场 2000; 设备 12.5 万元.
        var form = EduWebFactory.HiddenFields(own);
        foreach (var (k, v) in new[] { ("LandM2", "5000"), ("SportsAreaM2", "2000"), ("BuildingM2", "1300"), ("TeachingAreaM2", "1000"), ("AdministrativeM2", "150"),
            ("LivingM2", "100"), ("OtherM2", "50"), ("EquipmentValueYuan", "12.5"), ("Books", "8000") })
        {
            form[k] = v;
        }
        // The clerk's figures (with its own token) posted to school 2's form, its submit and its upload: refused.
        Assert.Contains(Outside, Message(await clerk.PostAsync(Url(s2, "save"), new FormUrlEncodedContent(form))), StringComparison.Ordinal);
        Assert.Contains(Outside, Message(await clerk.PostAsync(Url(s2, "submit"), new FormUrlEncodedContent(form))), StringComparison.Ordinal);
        MultipartFormDataContent Upload(string fileName, byte[] bytes)
        {
            var content = new MultipartFormDataContent { { new StringContent(form["__RequestVerificationToken"]), "__RequestVerificationToken" }, { new StringContent($"{year.StartYear}"), "year" } };
            content.Add(new ByteArrayContent(bytes), "file", fileName);
            return content;
        }
        var csv = "栏目,数值\n学校占地面积,5000\n其中：体育运动场（馆）面积,6000\n"u8.ToArray();
        Assert.Contains(Outside, Message(await clerk.PostAsync(Url(s2, "upload"), Upload("办学条件.csv", csv))), StringComparison.Ordinal);
        // Its own upload with 运动场 6000 above 占地 5000: refused at file, row 3, column B.
        Assert.Contains("文件 办学条件.csv 第 3 行 B 列：其中：体育运动场（馆）面积（6000 ㎡）是学校占地面积的一部分", Message(await clerk.PostAsync(Url(s1, "upload"), Upload("办学条件.csv", csv))), StringComparison.Ordinal);
        // The server checks the rules on save: 校舍 1290 is not the parts' 1300.
        var broken = new Dictionary<string, string>(form) { ["BuildingM2"] = "1290" };
        Assert.Contains("不能保存：校舍建筑面积合计（1290 ㎡）不等于", Message(await clerk.PostAsync(Url(s1, "save"), new FormUrlEncodedContent(broken))), StringComparison.Ordinal);
        await using (var db = Database.Open(app.Database))
        {
            Assert.Equal(0, await db.Facilities.CountAsync());
        }
        Assert.Contains("已保存", Message(await clerk.PostAsync(Url(s1, "save"), new FormUrlEncodedContent(form))), StringComparison.Ordinal);
        Assert.Contains("当前状态：已提交", Message(await clerk.PostAsync(Url(s1, "submit"), new FormUrlEncodedContent(form))), StringComparison.Ordinal);
        // The census form takes an upload of the census kind's rows too (one bad cell: nothing written).
        var census = "年级,性别,在校生数,招生数\n一年级,男,20,20\n一年级,女,-1,18\n"u8.ToArray();
        Assert.Contains("文件 普查.csv 第 3 行 C 列：在校生数“-1”应为不小于 0 的整数", Message(await clerk.PostAsync($"/periods/census/{s1}/upload", Upload("普查.csv", census))), StringComparison.Ordinal);
        await using (var db = Database.Open(app.Database))
        {
            Assert.Equal((1, 1300d, 125_000d), (await db.Facilities.CountAsync(), (await db.Facilities.SingleAsync()).BuildingM2, (await db.Facilities.SingleAsync()).EquipmentValueYuan));
            Assert.Equal([s1], await db.PeriodSubmissions.Where(s => s.State == SubmissionState.Submitted).Select(s => s.SchoolId).ToListAsync());
            Assert.Equal(0, await db.GradeEnrolments.CountAsync());
        }
    }
}
