using System.Net;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Teachers;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Teachers;

/// <summary>
/// The 县管校聘 岗位数 form of /teachers over HTTP on both databases (issue 16): the county's 人事 enters a school's 岗位数 for
/// a 学年 — a whole number ≥ 0, anything else refused with a Chinese message and nothing written — audited as the CLI's
/// <c>teachers hiring posts</c>; a school account sees its own figure in the table without the form and is refused the post.
/// </summary>
public sealed class TeachersPostsWebTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Personnel_enters_the_posts_and_a_school_reads_its_own(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        int own, ownTeacher;
        await using (var db = Database.Open(app.Database))
        {
            own = await db.Schools.Where(s => s.Name == "阜康市第三小学").Select(s => s.Id).SingleAsync();
            ownTeacher = await db.Staff.Where(s => s.SchoolId == own && s.LeftOn == null).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        }
        var hr = await app.SignInAsync("tp-hr", await app.EnsureUserAsync("tp-hr", Roles.Personnel));
        var page = await hr.GetStringAsync("/teachers?year=2024-2025");
        Assert.Contains("id=\"posts-form\"", page, StringComparison.Ordinal);
        var token = EduWebFactory.HiddenFields(page);

        async Task<string> Post(HttpClient c, IReadOnlyDictionary<string, string> fields, string posts)
        {
            var r = await c.PostAsync("/teachers/posts", new FormUrlEncodedContent(new Dictionary<string, string>(fields)
            {
                ["school"] = own.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["year"] = "2024-2025",
                ["back"] = "/teachers?year=2024-2025",
                ["posts"] = posts,
            }));
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            return Uri.UnescapeDataString(EduWebFactory.PathOf(r));
        }

        // Not a whole number ≥ 0: refused with the reason, nothing written.
        foreach (var bad in new[] { "-1", "2.5", "十二" })
        {
            Assert.Contains($"岗位数“{bad}”应为不小于 0 的整数", await Post(hr, token, bad), StringComparison.Ordinal);
        }
        Assert.Contains("请填写岗位数", await Post(hr, token, " "), StringComparison.Ordinal);
        await using (var db = Database.Open(app.Database))
        {
            Assert.False(await db.HiringPosts.AnyAsync(p => p.SchoolId == own));
        }

        // 12 posts: saved for 2024 (the 学年's first year), back on the page with the message, audited under the user.
        var saved = await Post(hr, token, "12");
        Assert.StartsWith("/teachers?year=2024-2025", saved, StringComparison.Ordinal);
        Assert.Contains("已登记阜康市第三小学 2024-2025 学年的岗位数 12", saved, StringComparison.Ordinal);
        // 0 is a whole number ≥ 0 too; then back to 12 (the row is replaced, not added).
        Assert.Contains("岗位数 0", await Post(hr, token, "0"), StringComparison.Ordinal);
        await Post(hr, token, "12");
        await using (var db = Database.Open(app.Database))
        {
            var row = await db.HiringPosts.SingleAsync(p => p.SchoolId == own);
            Assert.Equal((2024, 12), (row.Year, row.Posts));
            var audited = await db.AuditEntries.Where(a => a.Entity == nameof(HiringPost) && a.EntityId == row.Id.ToString()).ToListAsync();
            Assert.Equal(3, audited.Count); // added, changed to 0, changed back to 12
            Assert.All(audited, a => Assert.Equal("tp-hr", a.UserName));
        }

        // The school account: its own 岗位数 in the 县管校聘 table (entered, so without "（编制）"), no form, and the post refused.
        var school = await app.SignInAsync("tp-school", await app.EnsureUserAsync("tp-school", Roles.SchoolAdmin, schoolId: own));
        var schoolPage = await school.GetStringAsync("/teachers?year=2024-2025");
        Assert.DoesNotContain("id=\"posts-form\"", schoolPage, StringComparison.Ordinal);
        Assert.Matches(new Regex("阜康市第三小学</a>\\s*</td><td class=\"num\">12</td>"), schoolPage);
        var schoolToken = EduWebFactory.HiddenFields(await school.GetStringAsync($"/teachers/{ownTeacher}"));
        var refused = await school.PostAsync("/teachers/posts", new FormUrlEncodedContent(new Dictionary<string, string>(schoolToken)
        {
            ["school"] = own.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["year"] = "2024-2025",
            ["posts"] = "99",
        }));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/denied", EduWebFactory.PathOf(refused), StringComparison.Ordinal);
        await using (var db = Database.Open(app.Database))
        {
            Assert.Equal(12, (await db.HiringPosts.SingleAsync(p => p.SchoolId == own)).Posts);
        }
    }
}
