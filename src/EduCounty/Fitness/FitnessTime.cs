using System.Globalization;
using System.Text.RegularExpressions;

namespace EduCounty.Fitness;

/// <summary>
/// Parses a timed result into seconds (README "Normalisation rules": times are in seconds, 3'40" → 220).
/// Accepted: m'ss" (also with ′ ″ ’ ” or ''), m'ss, m:ss (also ：), m分ss秒, and plain seconds (8.2, 220, 220秒).
/// Seconds after minutes must be below 60 and may carry decimals (3'40.5").
/// </summary>
public static partial class FitnessTime
{
    [GeneratedRegex("""^(?<m>\d{1,2})\s*(?:['’′‘]|分)\s*(?<s>\d{1,2}(?:\.\d+)?)\s*(?:["”″“]|''|’’|′′|秒)?$""")]
    private static partial Regex MinutesQuote();

    [GeneratedRegex("""^(?<m>\d{1,2})\s*[:：]\s*(?<s>\d{1,2}(?:\.\d+)?)$""")]
    private static partial Regex MinutesColon();

    [GeneratedRegex("""^(?<s>\d+(?:\.\d+)?)\s*(?:秒|s|S|["”″])?$""")]
    private static partial Regex PlainSeconds();

    /// <summary>True and the seconds when <paramref name="text"/> is a time; otherwise false and a Chinese reason.</summary>
    public static bool TryParseSeconds(string? text, out decimal seconds, out string? error)
    {
        seconds = 0;
        error = null;
        var s = text?.Trim() ?? string.Empty;
        if (s.Length == 0)
        {
            error = "时间为空";
            return false;
        }
        var m = MinutesQuote().Match(s);
        if (!m.Success)
        {
            m = MinutesColon().Match(s);
        }
        if (m.Success)
        {
            var minutes = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            var secs = decimal.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture);
            if (secs >= 60)
            {
                error = $"秒数 {secs} 不小于 60";
                return false;
            }
            seconds = minutes * 60 + secs;
            return true;
        }
        m = PlainSeconds().Match(s);
        if (m.Success)
        {
            seconds = decimal.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture);
            return true;
        }
        error = "不是可识别的时间格式（应为 3'40\"、3'40、3:40 或秒数 220）";
        return false;
    }

    /// <summary>Parses a time or throws <see cref="FormatException"/> with a Chinese message.</summary>
    public static decimal ParseSeconds(string text) =>
        TryParseSeconds(text, out var seconds, out var error) ? seconds : throw new FormatException($"“{text}”{error}");
}
