using System.Globalization;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Supervision;
using EduCounty.Web.Components.Safety;
using Microsoft.Extensions.Primitives;

namespace EduCounty.Web.Components.Supervision;

/// <summary>
/// The visit form's fields (names shared by the page, the draft and the submit endpoint): a draft is the form's fields
/// as JSON (every field but the antiforgery token and the files), so the page can be filled again from the server.
/// </summary>
public sealed class VisitForm
{
    /// <summary>Finding rows on the form (empty rows are ignored).</summary>
    public const int FindingSlots = 4;

    private readonly Dictionary<string, string[]> _values;

    private VisitForm(Dictionary<string, string[]> values) => _values = values;

    public static VisitForm Empty { get; } = new([]);

    public static VisitForm FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return Empty;
        try
        {
            return new VisitForm(JsonSerializer.Deserialize<Dictionary<string, string[]>>(json) ?? []);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    /// <summary>The form's fields as the draft's JSON.</summary>
    public static string ToJson(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return JsonSerializer.Serialize(form.Where(kv => !kv.Key.StartsWith("__", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value.Select(v => v ?? "").ToArray()));
    }

    public string Get(string name, string fallback = "") => _values.TryGetValue(name, out var v) && v.Length > 0 ? v[0] : fallback;

    public bool Has(string name, string value) => _values.TryGetValue(name, out var v) && v.Contains(value);

    /// <summary>The library's command from a posted form.</summary>
    public static SubmitVisit.Command Command(IFormCollection f, SupervisionRules rules, IReadOnlyList<Common.Files.UploadedFile> photos)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(rules);
        var checklist = rules.Checklist(f["checklist"].ToString() is { Length: > 0 } c ? c : "routine");
        var checks = checklist.Checks.Select(k => new SubmitVisit.Check(k.Code,
            Enum.TryParse<CheckResult>(f["check_" + k.Code], out var r) ? r : CheckResult.NotChecked, f["note_" + k.Code])).ToList();
        var findings = Enumerable.Range(0, FindingSlots).Where(i => !StringValues.IsNullOrEmpty(f[$"finding_desc_{i}"]) && f[$"finding_desc_{i}"].ToString().Trim().Length > 0)
            .Select(i => new SubmitVisit.Finding(f[$"finding_item_{i}"].ToString(), f[$"finding_grade_{i}"].ToString(), f[$"finding_desc_{i}"].ToString(),
                f[$"finding_hazard_{i}"].ToString() is { Length: > 0 } h ? h : null, f[$"finding_location_{i}"])).ToList();
        var hours = decimal.TryParse(f["hours"], NumberStyles.Number, CultureInfo.InvariantCulture, out var hv) ? hv : throw new RuleException($"督导时长“{f["hours"]}”应为数字");
        int? campaign = int.TryParse(f["campaign"], out var cid) ? cid : null;
        return new SubmitVisit.Command(f["draftKey"].ToString(), SafetyWeb.Whole(f["school"], "学校"), SafetyWeb.Date(f["date"], "督导日期"), hours,
            [.. f["methods"].Select(m => m ?? "")], checklist.Code, checks, f["situation"].ToString(), f["feedback"], findings, campaign, photos);
    }
}
