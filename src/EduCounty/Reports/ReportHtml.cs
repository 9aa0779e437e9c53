using System.Net;
using System.Text;

namespace EduCounty.Reports;

/// <summary>
/// A <see cref="ReportDocument"/> as self-contained print HTML (A4, CJK fonts, charts as PNG data URIs, no external
/// resource) for <see cref="ChromiumPdf"/>: the same text, tables and charts as the .docx.
/// </summary>
public static class ReportHtml
{
    private const string Css = """
        @page { size: A4; margin: 25mm 20mm 22mm 22mm; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 14pt; line-height: 1.75; color: #000; margin: 0; }
        h1.title { font-family: "Noto Sans CJK SC", sans-serif; font-size: 20pt; text-align: center; margin: 0 0 4pt; font-weight: bold; }
        p.center { text-align: center; font-size: 12pt; margin: 4pt 0 14pt; }
        h2 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 14pt 0 4pt; page-break-after: avoid; }
        p { text-indent: 2em; margin: 0 0 4pt; text-align: justify; }
        p.bold { font-weight: bold; }
        table { width: 100%; border-collapse: collapse; font-size: 10pt; line-height: 1.4; margin: 6pt 0 10pt; }
        th, td { border: 1px solid #000; padding: 3pt 4pt; text-align: center; }
        td:first-child { text-align: left; width: 26%; }
        th { font-family: "Noto Sans CJK SC", sans-serif; font-weight: bold; }
        thead { display: table-header-group; }
        tr { page-break-inside: avoid; }
        figure { margin: 8pt 0; text-align: center; page-break-inside: avoid; }
        figure img { width: 100%; }
        figcaption { font-size: 10.5pt; line-height: 1.5; }
        """;

    /// <summary>The HTML text.</summary>
    public static string Render(ReportDocument report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(E(report.Title)).Append("</title><style>")
            .Append(Css).Append("</style></head><body>\n");
        foreach (var block in report.Blocks)
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
                    sb.Append("<h2>").Append(E(h.Text)).Append("</h2>\n");
                    break;
                case ParagraphBlock p:
                    sb.Append(p.Bold ? "<p class=\"bold\">" : "<p>").Append(E(p.Text)).Append("</p>\n");
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

        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
