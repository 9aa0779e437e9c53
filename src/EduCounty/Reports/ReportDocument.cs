using System.Globalization;
using System.Text.RegularExpressions;

namespace EduCounty.Reports;

/// <summary>
/// A report as a list of blocks, written once from the data and rendered twice: to .docx (<see cref="ReportDocx"/>)
/// and to print HTML for the PDF (<see cref="ReportHtml"/>), so both carry the same text, tables and charts. With a
/// <see cref="OfficialForm"/> it is laid out as a 公文 (GB/T 9704-2012): title, 主送机关, body, 附件说明, 发文机关署名 and
/// 成文日期, then each 附件 on a page of its own.
/// </summary>
/// <param name="Title">Document title (the title lines joined; the HTML title).</param>
/// <param name="Blocks">The body in order (title lines first).</param>
/// <param name="Form">The 公文 parts; null for a plain document.</param>
/// <param name="Attachments">The 附件, each with its title and content, after the signature.</param>
public sealed record ReportDocument(string Title, IReadOnlyList<ReportBlock> Blocks, OfficialForm? Form = null,
    IReadOnlyList<ReportAttachment>? Attachments = null)
{
    /// <summary>The 附件说明 lines: “1．title” … in order (empty without attachments).</summary>
    public IReadOnlyList<string> AttachmentList =>
        Attachments is { Count: > 0 } a ? [.. a.Select((x, i) => $"{(i + 1).ToString(CultureInfo.InvariantCulture)}．{x.Title}")] : [];
}

/// <summary>
/// The 公文 parts of a report (GB/T 9704-2012 §7): 主送机关, 发文机关署名 and 成文日期. Configurable per county
/// (<see cref="ReportSettings"/>).
/// </summary>
/// <param name="Recipients">主送机关, in order (e.g. 阜康市人民政府、昌吉州教育局).</param>
/// <param name="Issuer">发文机关署名 (e.g. 阜康市教育局).</param>
/// <param name="Date">成文日期.</param>
public sealed record OfficialForm(IReadOnlyList<string> Recipients, string Issuer, DateOnly Date)
{
    /// <summary>The 主送 line: the recipients joined by 、 and ended by a full-width colon.</summary>
    public string RecipientLine => string.Join("、", Recipients) + "：";

    /// <summary>成文日期 as GB/T 9704 writes it: 年、月、日 in full, Arabic digits, no leading zero (2022年8月31日).</summary>
    public string DateText => ChineseDate(Date);

    /// <summary>A date as 2022年8月31日.</summary>
    public static string ChineseDate(DateOnly d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月{d.Day}日");

    /// <summary>
    /// How many characters the 署名 stands in from the right margin: the 成文日期 stands two in, and its first character two to
    /// the right of the 署名's (GB/T 9704 §7.3.5.2; half-width digits count half a character).
    /// </summary>
    public decimal IssuerRightIndent => Math.Max(2m, 2m + Width(DateText) + 2m - Width(Issuer));

    /// <summary>How many characters the 成文日期 stands in from the right margin: two, more when the 署名 is much longer.</summary>
    public decimal DateRightIndent => Math.Max(2m, Width(Issuer) - Width(DateText));

    /// <summary>The printed width of a text in characters (CJK and full-width 1, ASCII ½).</summary>
    public static decimal Width(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Sum(c => c < 0x2E80 ? 0.5m : 1m);
    }
}

/// <summary>
/// Punctuation as a 公文 prints it: ASCII , ; : ( ) ! ? next to a Chinese character become full-width (the plan's text
/// carries half-width commas); quotation marks inside “…” become ‘…’. Figures such as 12.7:1 or 2021-2022 keep theirs.
/// </summary>
public static partial class Typography
{
    private static readonly Dictionary<char, char> FullWidth = new()
    {
        [','] = '，',
        [';'] = '；',
        [':'] = '：',
        ['('] = '（',
        [')'] = '）',
        ['!'] = '！',
        ['?'] = '？',
    };

    /// <summary>
    /// The text with full-width punctuation beside Chinese characters and nested quotation marks as ‘…’, without the
    /// characters a document cannot hold (<see cref="Printable"/>).
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chars = Printable(text).ToCharArray();
        var depth = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c == '“')
            {
                if (depth++ > 0) chars[i] = '‘';
            }
            else if (c == '”')
            {
                if (--depth > 0) chars[i] = '’';
                depth = Math.Max(depth, 0);
            }
            else if (FullWidth.TryGetValue(c, out var wide) && (IsCjk(i > 0 ? chars[i - 1] : ' ') || IsCjk(i + 1 < chars.Length ? chars[i + 1] : ' ')))
            {
                chars[i] = wide;
            }
        }

        return Spacing(new string(chars));
    }

    /// <summary>
    /// No space between Chinese and a figure or between Chinese characters ("参评 10 个单位" → "参评10个单位"), none before %
    /// ("84.8 %"), and a school year
    /// "2023-2024 学年" as the body writes it, "2023—2024学年". A code's space ("L2 每百名…", "G3 所有…") stays.
    /// </summary>
    private static string Spacing(string text)
    {
        text = SpaceAfterHan().Replace(text, "");
        text = SpaceBeforeHan().Replace(text, "");
        return SchoolYear().Replace(text, "$1—$2学年");
    }

    private static bool IsCjk(char c) => c >= 0x2E80;

    /// <summary>
    /// What users typed or files carried, without what XML (and so a .docx) cannot hold — control characters such as the
    /// vertical tab Word and Excel put in copied text, a lone surrogate — and without carriage returns (a line ends with
    /// the line feed). One such character used to make the whole document fail.
    /// </summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = 0;
        while (i < text.Length && (text[i] == '\n' || (System.Xml.XmlConvert.IsXmlChar(text[i]) && text[i] != '\r'))) i++;
        if (i == text.Length) return text;
        var sb = new System.Text.StringBuilder(text.Length).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n' || (System.Xml.XmlConvert.IsXmlChar(c) && c != '\r'))
            {
                sb.Append(c);
            }
            else if (i + 1 < text.Length && System.Xml.XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                sb.Append(c).Append(text[++i]);
            }
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"(?<=[\u2E80-\u9FFF\uFF00-\uFFEF]) +(?=[\d\u2E80-\u9FFF\uFF00-\uFFEF])")]
    private static partial Regex SpaceAfterHan();

    [GeneratedRegex(@"(?<![A-Za-z]\d*)(?<=\d) +(?=[\u2E80-\u9FFF\uFF00-\uFFEF%])")]
    private static partial Regex SpaceBeforeHan();

    [GeneratedRegex(@"\b(\d{4})-(\d{4}) ?学年")]
    private static partial Regex SchoolYear();
}

/// <summary>A 附件 of a report: its title and blocks (tables, charts, notes).</summary>
public sealed record ReportAttachment(string Title, IReadOnlyList<ReportBlock> Blocks);

/// <summary>A block of a <see cref="ReportDocument"/>.</summary>
public abstract record ReportBlock;

/// <summary>A title line (centred, 小标宋 2号).</summary>
public sealed record TitleBlock(string Text) : ReportBlock;

/// <summary>A centred line under the title (楷体; e.g. the evaluated year and data date).</summary>
public sealed record CenteredBlock(string Text) : ReportBlock;

/// <summary>A heading: level 1 一、… (黑体), level 2 （一）… (楷体), level 3 1．… (仿宋, bold).</summary>
public sealed record HeadingBlock(string Text, int Level = 1) : ReportBlock;

/// <summary>
/// A body paragraph, first line indented two characters. <paramref name="Lead"/> is an inline heading that starts the
/// paragraph (（一）… in 楷体), as GB/T 9704 allows when a heading is followed by its text.
/// </summary>
public sealed record ParagraphBlock(string Text, bool Bold = false, string? Lead = null) : ReportBlock
{
    /// <summary>The whole text as read (lead and text).</summary>
    public string FullText => (Lead ?? "") + Text;
}

/// <summary>A bordered table with a header row.</summary>
public sealed record TableBlock(IReadOnlyList<string> Headers, IReadOnlyList<string[]> Rows) : ReportBlock;

/// <summary>A chart image with its caption below.</summary>
public sealed record ChartBlock(ReportChart Chart) : ReportBlock;
