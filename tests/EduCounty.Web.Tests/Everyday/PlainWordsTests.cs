using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using EduCounty.Common;
using EduCounty.Periods;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EduCounty.Web.Tests.Everyday;

/// <summary>
/// Issue 21 §7: every page speaks the user's language. Each role's pages are crawled from its landing page (every
/// same-site link, one page per address pattern) and each page is read as a browser shows it: its title, text,
/// placeholders, tooltips and labels — without scripts, styles, content folded behind a closed 展开 (the explain
/// pages' expression) and values marked as raw data (学籍号, user agents, authenticator keys). Every ASCII word left
/// must be on <see cref="Allowed"/>: product and file-format names, units, and codes such as L6 or G3.1.
/// </summary>
public sealed partial class PlainWordsTests
{
    /// <summary>Words a Chinese user meets in everyday software: product and format names, units, common abbreviations.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "EduCounty", "Excel", "CSV", "csv", "xlsx", "xls", "docx", "Word", "PDF", "pdf", "jpg", "png", "UTF-8", "GBK", "GB18030",
        "MB", "KB", "Mbps", "cm", "kg", "ml", "BMI", "IP",
        // Authenticator apps named on the two-factor page.
        "Microsoft", "Authenticator", "Google", "FreeOTP",
    };

    /// <summary>A code of a rule list or a record (L6, G3.1, S1.1, P2, T652302000002).</summary>
    [GeneratedRegex(@"^[A-Z]{1,2}\d+(\.\d+)*[a-z]?$")]
    private static partial Regex Code();

    /// <summary>An ASCII word, or a developer's sign (#{, §, {}) anywhere.</summary>
    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_\-./]*[A-Za-z0-9_]|[A-Za-z]|#\{|§|\{|\}")]
    private static partial Regex Word();

    public static IReadOnlyList<string> Offenders(string text) =>
        [.. Word().Matches(text).Select(m => m.Value.TrimEnd('.', '-', '/')).Where(w => w.Length > 0 && !Allowed.Contains(w) && !Code().IsMatch(w)
            && !(w.Length == 1 && char.IsAsciiLetter(w[0])))];

    /// <summary>What a reader sees of a page: text and the attributes a browser shows.</summary>
    public static string Visible(string html)
    {
        var doc = new HtmlParser().ParseDocument(html);
        foreach (var e in doc.QuerySelectorAll("script, style, template, noscript, .raw, #blazor-error-ui").ToList())
        {
            e.Remove();
        }
        foreach (var d in doc.QuerySelectorAll("details:not([open])").ToList())
        {
            foreach (var child in d.Children.Where(c => c.LocalName != "summary").ToList())
            {
                child.Remove();
            }
        }
        // Text node by text node: adjacent cells must not run together into one word.
        var parts = new List<string> { doc.Title ?? "" };
        parts.AddRange(doc.Body?.Descendants<IText>().Select(t => t.Data) ?? []);
        foreach (var e in doc.QuerySelectorAll("[placeholder], [title], [aria-label], img[alt]"))
        {
            parts.AddRange(new[] { "placeholder", "title", "aria-label", "alt" }.Select(a => e.GetAttribute(a) ?? ""));
        }
        return string.Join('\n', parts);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Every_page_of_every_role_shows_Chinese_words_only(string provider)
    {
        // Its own copy of the demo county: what other tests wrote into the shared one (and in which order the runner put
        // them) must not change what this crawl reads.
        await using var app = await EduWebFactory.StartPristineAsync(provider, "plainwords");
        int school;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EduDb>();
            db.SchoolScope = null;
            school = await db.Schools.Where(s => !s.IsTeachingPoint).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            // The 填报期 of this 学年 (issue 22: census, 办学条件, 经费), so that /periods lists the schools and links their forms.
            var year = SchoolYear.Current(TimeProvider.System).StartYear;
            foreach (var form in PeriodForms.All)
            {
                if (!await db.ReportingPeriods.AnyAsync(p => p.Year == year && p.Form == form))
                {
                    db.Actor = "test";
                    await ManagePeriod.OpenAsync(db, year, form, null);
                }
            }
        }
        // Each role starts where it lands and also opens the pages only it has (forms of 规划 and 督导, the 三员's pages).
        var roles = new (string User, string Role, int? School, string[] Start)[]
        {
            ("pw-leader", Roles.Leader, null, ["/", "/search?q=阜康", "/balance/check", "/not-found"]),
            ("pw-plan", Roles.Planning, null, ["/imports", "/plan/tasks/1", "/plan/issues", "/plan/projects", "/periods"]),
            ("pw-supervisor", Roles.Supervision, null, ["/balance/record"]),
            ("pw-aid", Roles.Aid, null, ["/aid", "/aid/applications", "/aid/hardship"]),
            ("pw-special", Roles.SpecialEducation, null, ["/groups"]),
            ("pw-school", Roles.SchoolAdmin, school, ["/", "/periods", $"/periods/census/{school}", $"/periods/facilities/{school}", $"/periods/finance/{school}"]),
            ("pw-admin", Roles.SystemAdmin, null, ["/", "/admin/users"]),
            ("pw-security", Roles.SecurityAdmin, null, ["/"]),
            ("pw-auditor", Roles.AuditAdmin, null, ["/", "/admin/audit", "/admin/audit?verify=1"]),
        };
        var found = new List<string>();
        var read = new List<string>();
        foreach (var (user, role, schoolId, start) in roles)
        {
            var client = await app.SignInAsync(user, await app.EnsureUserAsync(user, role, schoolId: schoolId));
            // The leader reads every indicator's explanation and drill-down; the others one of each.
            var (visited, problems) = await CrawlAsync(client, start, limit: 150, everyIndicator: role == Roles.Leader);
            read.AddRange(visited.Select(v => $"{role}\t{v}"));
            found.AddRange(problems.Select(p => $"{role} {p}"));
        }
        // The pages read, for the reader of the test run (.test-output/plain-words/).
        await File.WriteAllLinesAsync(Path.Combine(TestOutput.Folder("plain-words"), $"pages-{provider}.txt"), read);
        await File.WriteAllLinesAsync(Path.Combine(TestOutput.Folder("plain-words"), $"problems-{provider}.txt"), found);
        var pages = read.Count;
        // The pages the issue names were among them.
        foreach (var must in new[] { "/plan/explain/", "/plan/drill/", "/balance/profile", "/fitness/students/", "/admin/audit", "/imports", "/balance/record", "/dropout/cases/", "/periods", "/periods/census/", "/periods/facilities/", "/periods/finance/", "/aid/applications", "/aid/hardship", "/groups", "/groups/children/" })
        {
            Assert.Contains(read, r => r.Contains("\t" + must, StringComparison.Ordinal));
        }
        // Enough pages were read for the scan to mean something: the county's pages and the 三员's.
        Assert.True(pages >= 40, $"只读到 {pages} 个页面");
        Assert.True(found.Count == 0, "页面上有开发用语：\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_scan_finds_the_words_the_issue_names_and_passes_Chinese_text()
    {
        // The examples of issue 21 §7: each must be found, so the scan can fail.
        Assert.NotEmpty(Offenders("公式：#{enrolment.preschool} / #{population.age3to5}"));
        Assert.NotEmpty(Offenders("依据 balance-rules.md §2.1"));
        Assert.NotEmpty(Offenders("见 ADR 0012"));
        Assert.NotEmpty(Offenders("scores.csv 第1914行"));
        Assert.NotEmpty(Offenders("按 School.TownshipCode 归集"));
        Assert.NotEmpty(Offenders("DataScope.School"));
        Assert.NotEmpty(Offenders("national"));
        Assert.NotEmpty(Offenders("操作 signin-failed 对象 User"));
        Assert.Empty(Offenders("学籍号 G6523**********0024，指标 L6、G3.1，导出 Excel（.xlsx）或 PDF，上限 100 MB，身高 150 cm"));
        // Closed 展开 content and raw values are not read; open content is.
        var html = "<html><head><title>页</title></head><body><p>公式</p><details><summary>展开</summary><code>#{a}</code></details>" +
                   "<span class=\"raw\">Mozilla/5.0</span><details open><summary>展开</summary>rule</details></body></html>";
        Assert.Equal(["rule"], Offenders(Visible(html)));
    }

    /// <summary>Reads pages from the start addresses on, following same-site links; one page per address pattern.</summary>
    private static async Task<(List<string> Pages, List<string> Problems)> CrawlAsync(HttpClient client, IEnumerable<string> start, int limit,
        bool everyIndicator)
    {
        var queue = new Queue<string>(start);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var pages = new List<string>();
        while (queue.Count > 0 && pages.Count < limit)
        {
            var url = queue.Dequeue();
            if (!seen.Add(Pattern(url, everyIndicator)))
            {
                continue;
            }
            var (final, status, html) = await GetAsync(client, url);
            if ((int)status >= 500)
            {
                // An error page is a failure of its own: say so rather than scan the error page's request number.
                problems.Add($"{final}: HTTP {(int)status}");
                continue;
            }
            if (html is null)
            {
                continue;
            }
            pages.Add(final);
            var words = Offenders(Visible(html)).Distinct().ToList();
            if (words.Count > 0)
            {
                problems.Add($"{final}: {string.Join(" ", words)}");
            }
            foreach (var link in Links(html))
            {
                queue.Enqueue(link);
            }
        }
        return (pages, problems);
    }

    /// <summary>GET with redirects followed on this site; null for files and for pages that are not HTML.</summary>
    private static async Task<(string Url, HttpStatusCode Status, string? Html)> GetAsync(HttpClient client, string url)
    {
        for (var hop = 0; hop < 5; hop++)
        {
            using var r = await client.GetAsync(url);
            if (r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            {
                url = EduWebFactory.PathOf(r);
                continue;
            }
            var type = r.Content.Headers.ContentType?.MediaType;
            return (url, r.StatusCode, type == "text/html" ? await r.Content.ReadAsStringAsync() : null);
        }
        return (url, HttpStatusCode.OK, null);
    }

    private static readonly HashSet<string> FileTypes = new(StringComparer.OrdinalIgnoreCase) { ".xlsx", ".xls", ".csv", ".docx", ".pdf", ".png", ".jpg", ".js", ".css" };

    /// <summary>Same-site page links (no downloads, no sign-out).</summary>
    private static IEnumerable<string> Links(string html)
    {
        var doc = new HtmlParser().ParseDocument(html);
        foreach (var a in doc.QuerySelectorAll("a[href]"))
        {
            var href = a.GetAttribute("href")!;
            if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal) || a.HasAttribute("data-wait") || a.HasAttribute("download"))
            {
                continue;
            }
            var path = href.Split('?', '#')[0];
            if (FileTypes.Contains(Path.GetExtension(path)) || path.StartsWith("/exports", StringComparison.Ordinal) || path.StartsWith("/plan/attachments", StringComparison.Ordinal)
                || path.StartsWith("/account/logout", StringComparison.Ordinal))
            {
                continue;
            }
            yield return href;
        }
    }

    /// <summary>An address with its numbers and query values blanked: /students/1 and /students/2 are one page.</summary>
    private static string Pattern(string url, bool everyIndicator)
    {
        var parts = url.Split('?', 2);
        var path = NumberSegment().Replace(parts[0], "/{n}");
        path = everyIndicator ? path : KeySegment().Replace(path, "/{code}");
        var keys = parts.Length > 1 ? string.Join("&", parts[1].Split('&').Select(p => p.Split('=')[0]).Where(k => k != "page").Order()) : "";
        return path + "?" + keys;
    }

    [GeneratedRegex(@"/\d+")]
    private static partial Regex NumberSegment();

    /// <summary>An indicator's code in an address (/plan/explain/preschool.gross_enrolment_rate).</summary>
    [GeneratedRegex(@"/[a-z_]+\.[a-z_.0-9]+$")]
    private static partial Regex KeySegment();
}
