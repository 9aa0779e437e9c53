namespace EduCounty.Reports;

/// <summary>
/// A report as a list of blocks, written once from the data and rendered twice: to .docx (<see cref="ReportDocx"/>)
/// and to print HTML for the PDF (<see cref="ReportHtml"/>), so both carry the same text, tables and charts.
/// </summary>
/// <param name="Title">Document title (first title line, used as the HTML title).</param>
/// <param name="Blocks">Content in order.</param>
public sealed record ReportDocument(string Title, IReadOnlyList<ReportBlock> Blocks);

/// <summary>A block of a <see cref="ReportDocument"/>.</summary>
public abstract record ReportBlock;

/// <summary>A title line (centred, 黑体, large).</summary>
public sealed record TitleBlock(string Text) : ReportBlock;

/// <summary>A centred line (e.g. 数据截至).</summary>
public sealed record CenteredBlock(string Text) : ReportBlock;

/// <summary>一级标题 (一、总体情况 …).</summary>
public sealed record HeadingBlock(string Text) : ReportBlock;

/// <summary>A body paragraph, first line indented two characters.</summary>
public sealed record ParagraphBlock(string Text, bool Bold = false) : ReportBlock;

/// <summary>A bordered table with a header row.</summary>
public sealed record TableBlock(IReadOnlyList<string> Headers, IReadOnlyList<string[]> Rows) : ReportBlock;

/// <summary>A chart image with its caption below.</summary>
public sealed record ChartBlock(ReportChart Chart) : ReportBlock;
