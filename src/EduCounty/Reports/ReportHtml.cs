using System.Globalization;
using System.Net;
using System.Text;

namespace EduCounty.Reports;

/// <summary>
/// A <see cref="ReportDocument"/> as self-contained print HTML (charts as PNG data URIs, no external resource) for
/// <see cref="ChromiumPdf"/>: the same text, tables and charts as the .docx, in the GB/T 9704 layout (版心 156 × 225 mm,
/// 22 lines of 3号, page numbers “— 1 —” 7 mm under the 版心, odd pages right and even pages left, by CSS page-margin boxes).
/// The 公文 fonts are asked for first; where they are not installed (this server has none of them) the closest free faces
/// installed are used, named in <see cref="FontNote"/> and printed at the end of the PDF.
/// </summary>
public static class ReportHtml
{
    /// <summary>The free faces the PDF uses in place of the 公文 fonts (Debian fonts-noto-cjk).</summary>
    public const string FontNote =
        "本 PDF 所用字体：正文与二级标题以 Noto Serif CJK SC 代替仿宋_GB2312、楷体_GB2312，标题以 Noto Serif CJK SC Bold 代替方正小标宋简体，" +
        "一级标题以 Noto Sans CJK SC 代替黑体（服务器未安装公文字体）；正式印发请使用 .docx 文件。";

    private const string Fang = "\"仿宋_GB2312\", \"FangSong_GB2312\", \"FangSong\", \"仿宋\", \"Noto Serif CJK SC\", serif";
    private const string Kai = "\"楷体_GB2312\", \"KaiTi_GB2312\", \"KaiTi\", \"楷体\", \"Noto Serif CJK SC\", serif";
    private const string Hei = "\"黑体\", \"SimHei\", \"Noto Sans CJK SC\", sans-serif";
    private const string XiaoBiaoSong = "\"方正小标宋简体\", \"FZXiaoBiaoSong-B05S\", \"STZhongsong\", \"Noto Serif CJK SC\", serif";

    private static readonly string Css = $$"""
        @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
        @page :right { @bottom-right { content: "— " counter(page) " —"; font-family: "宋体", "SimSun", "Noto Serif CJK SC", serif; font-size: 14pt; vertical-align: top; padding-top: 7mm; padding-right: 1em; } }
        @page :left { @bottom-left { content: "— " counter(page) " —"; font-family: "宋体", "SimSun", "Noto Serif CJK SC", serif; font-size: 14pt; vertical-align: top; padding-top: 7mm; padding-left: 1em; } }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: {{Fang}}; font-size: 16pt; line-height: 28.95pt; color: #000; margin: 0; }
        h1.title { font-family: {{XiaoBiaoSong}}; font-size: 22pt; line-height: 35pt; text-align: center; margin: 0; font-weight: bold; }
        p.center { font-family: {{Kai}}; text-align: center; margin: 0; }
        p.to { text-indent: 0; margin-top: 28.95pt; }
        h2 { font-family: {{Hei}}; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; page-break-after: avoid; }
        h3 { font-family: {{Kai}}; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; page-break-after: avoid; }
        h4 { font-size: 16pt; font-weight: bold; margin: 0; text-indent: 2em; page-break-after: avoid; }
        p { text-indent: 2em; margin: 0; text-align: justify; }
        p.bold { font-weight: bold; }
        span.lead { font-family: {{Kai}}; }
        p.note1 { margin-top: 28.95pt; }
        p.note { padding-left: 5em; text-indent: 0; }
        p.issuer, p.date { text-align: right; text-indent: 0; }
        p.issuer { margin-top: 28.95pt; }
        section.attachment { page-break-before: always; }
        p.label { font-family: {{Hei}}; text-indent: 0; }
        h1.attachment { margin-top: 28.95pt; }
        table { width: 100%; border-collapse: collapse; font-size: 10.5pt; line-height: 1.4; margin: 6pt 0 10pt; }
        th, td { border: 1px solid #000; padding: 3pt 4pt; text-align: center; }
        td:first-child { text-align: left; }
        th { font-family: {{Hei}}; font-weight: normal; }
        thead { display: table-header-group; }
        tr { page-break-inside: avoid; }
        figure { margin: 8pt 0; text-align: center; page-break-inside: avoid; }
        figure img { width: 100%; }
        figcaption { font-size: 10.5pt; line-height: 1.5; }
        p.font-note { font-size: 9pt; line-height: 1.4; color: #555; text-indent: 0; margin-top: 18pt; }
        """;

    /// <summary>The HTML text.</summary>
    public static string Render(ReportDocument report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(E(report.Title))
            .Append("</title><meta name=\"description\" content=\"").Append(E(FontNote)).Append("\"><style>")
            .Append(Css).Append("</style></head><body>\n");
        var titles = report.Blocks.TakeWhile(b => b is TitleBlock or CenteredBlock).ToList();
        foreach (var block in titles) Block(sb, block);
        if (report.Form is { } form) sb.Append("<p class=\"to\">").Append(E(form.RecipientLine)).Append("</p>\n");
        foreach (var block in report.Blocks.Skip(titles.Count)) Block(sb, block);
        var notes = report.AttachmentList;
        for (var i = 0; i < notes.Count; i++)
        {
            sb.Append(i == 0 ? "<p class=\"note1\">附件：" : "<p class=\"note\">").Append(E(notes[i])).Append("</p>\n");
        }

        if (report.Form is { } f)
        {
            sb.Append("<p class=\"issuer\" style=\"padding-right:").Append(Em(f.IssuerRightIndent)).Append("\">").Append(E(f.Issuer)).Append("</p>\n");
            sb.Append("<p class=\"date\" style=\"padding-right:").Append(Em(f.DateRightIndent)).Append("\">").Append(E(f.DateText)).Append("</p>\n");
        }

        foreach (var (a, i) in (report.Attachments ?? []).Select((a, i) => (a, i + 1)))
        {
            sb.Append("<section class=\"attachment\"><p class=\"label\">附件").Append(i.ToString(CultureInfo.InvariantCulture)).Append("</p>\n")
                .Append("<h1 class=\"title attachment\">").Append(E(a.Title)).Append("</h1>\n");
            foreach (var block in a.Blocks) Block(sb, block);
            sb.Append("</section>\n");
        }

        sb.Append("<p class=\"font-note\">").Append(E(FontNote)).Append("</p>\n");
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static void Block(StringBuilder sb, ReportBlock block)
    {
        switch (block)
        {
            case TitleBlock t:
                sb.Append("<h1 class=\"title\">").Append(E(t.Text)).Append("</h1>\n");
                break;
            case CenteredBlock c:
                sb.Append("<p class=\"center\">").Append(E(c.Text)).Append("</p>\n");
                break;
            case HeadingBlock h:
                var tag = h.Level switch { 1 => "h2", 2 => "h3", _ => "h4" };
                sb.Append('<').Append(tag).Append('>').Append(E(h.Text)).Append("</").Append(tag).Append(">\n");
                break;
            case ParagraphBlock p:
                sb.Append(p.Bold ? "<p class=\"bold\">" : "<p>");
                if (p.Lead is { Length: > 0 } lead) sb.Append("<span class=\"lead\">").Append(E(lead)).Append("</span>");
                sb.Append(E(p.Text)).Append("</p>\n");
                break;
            case TableBlock tb:
                sb.Append("<table><thead><tr>");
                foreach (var h in tb.Headers) sb.Append("<th>").Append(E(h)).Append("</th>");
                sb.Append("</tr></thead><tbody>\n");
                foreach (var row in tb.Rows)
                {
                    sb.Append("<tr>");
                    foreach (var c in row) sb.Append("<td>").Append(E(c)).Append("</td>");
                    sb.Append("</tr>\n");
                }

                sb.Append("</tbody></table>\n");
                break;
            case ChartBlock cb:
                sb.Append("<figure><img alt=\"").Append(E(cb.Chart.Title)).Append("\" src=\"data:image/png;base64,")
                    .Append(Convert.ToBase64String(cb.Chart.Png)).Append("\"><figcaption>").Append(E(cb.Chart.Caption)).Append("</figcaption></figure>\n");
                break;
            default:
                throw new NotSupportedException(block.GetType().Name);
        }
    }

    private static string Em(decimal chars) => chars.ToString("0.##", CultureInfo.InvariantCulture) + "em";

    private static string E(string s) => WebUtility.HtmlEncode(Typography.Normalize(s));
}
