using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace EduCounty.Reports;

/// <summary>
/// Writes a <see cref="ReportDocument"/> as .docx (OpenXml): A4, 宋体 body and 黑体 headings (公文 layout: 28 磅 lines),
/// tables with borders, charts as PNG <see cref="ImagePart"/>s placed inline, 15 cm wide, caption below.
/// </summary>
public static class ReportDocx
{
    /// <summary>East-Asian font of the body.</summary>
    public const string EastAsianFont = "SimSun";

    /// <summary>East-Asian font of headings.</summary>
    public const string HeadingFont = "SimHei";

    // A4 text width is 11906 − 1588 − 1474 twips = 15.6 cm; charts take 15 cm (1 cm = 360,000 EMU).
    private const long ImageWidthEmu = 15L * 360_000;

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static void Write(ReportDocument report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        AddStyles(main);
        var body = new Body();
        main.Document = new Document(body);
        uint imageId = 1;
        foreach (var block in report.Blocks)
        {
            switch (block)
            {
                case TitleBlock t:
                    body.Append(Para(t.Text, title: true));
                    break;
                case CenteredBlock c:
                    body.Append(Para(c.Text, center: true));
                    break;
                case HeadingBlock h:
                    body.Append(Heading(h.Text));
                    break;
                case ParagraphBlock p:
                    body.Append(Para(p.Text, bold: p.Bold));
                    break;
                case TableBlock tb:
                    body.Append(Table(tb));
                    break;
                case ChartBlock cb:
                    body.Append(Image(main, cb.Chart, imageId++));
                    body.Append(Para(cb.Chart.Caption, center: true, small: true));
                    break;
                default:
                    throw new NotSupportedException(block.GetType().Name);
            }
        }

        body.Append(new SectionProperties(
            new PageSize { Width = 11906U, Height = 16838U, Orient = PageOrientationValues.Portrait },
            new PageMargin { Top = 2098, Bottom = 1984, Left = 1588, Right = 1474, Header = 851, Footer = 992, Gutter = 0U }));
        main.Document.Save();
    }

    private static Paragraph Image(MainDocumentPart main, ReportChart chart, uint id)
    {
        var part = main.AddImagePart(ImagePartType.Png);
        using (var ms = new MemoryStream(chart.Png)) part.FeedData(ms);
        var rel = main.GetIdOfPart(part);
        var cx = ImageWidthEmu;
        var cy = ImageWidthEmu * chart.Height / chart.Width;
        var name = $"图{id}";
        var inline = new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = id, Name = name, Description = chart.Title },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new PIC.Picture(
                    new PIC.NonVisualPictureProperties(
                        new PIC.NonVisualDrawingProperties { Id = 0U, Name = $"chart{id}.png" },
                        new PIC.NonVisualPictureDrawingProperties()),
                    new PIC.BlipFill(
                        new A.Blip { Embed = rel },
                        new A.Stretch(new A.FillRectangle())),
                    new PIC.ShapeProperties(
                        new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        {
            DistanceFromTop = 0U,
            DistanceFromBottom = 0U,
            DistanceFromLeft = 0U,
            DistanceFromRight = 0U,
        };
        // Single line spacing: the body's exact 28 磅 lines would clip the picture to one line's height.
        return new Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }, new SpacingBetweenLines { Line = "240", LineRule = LineSpacingRuleValues.Auto }),
            new Run(new Drawing(inline)));
    }

    private static Table Table(TableBlock block)
    {
        var table = new Table();
        table.Append(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        table.Append(Row(block.Headers, header: true));
        foreach (var cells in block.Rows) table.Append(Row(cells, header: false));
        return table;

        static TableRow Row(IEnumerable<string> cells, bool header)
        {
            var tr = new TableRow();
            if (header) tr.Append(new TableRowProperties(new TableHeader()));
            foreach (var c in cells)
            {
                tr.Append(new TableCell(Para(c, bold: header, center: true, indent: false, small: true)));
            }

            return tr;
        }
    }

    private static Paragraph Heading(string text) => new(
        new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }),
        new Run(new RunProperties(new RunFonts { EastAsia = HeadingFont, Hint = FontTypeHintValues.EastAsia }), new Text(text)));

    private static Paragraph Para(string text, bool title = false, bool bold = false, bool center = false, bool indent = true, bool small = false)
    {
        var pp = new ParagraphProperties();
        if (title) pp.Append(new ParagraphStyleId { Val = "Title" });
        if (small) pp.Append(new SpacingBetweenLines { Line = "360", LineRule = LineSpacingRuleValues.Auto });
        if (title || center) pp.Append(new Justification { Val = JustificationValues.Center });
        else if (indent) pp.Append(new Indentation { FirstLineChars = 200 });
        var rp = new RunProperties(new RunFonts { EastAsia = title ? HeadingFont : EastAsianFont, Hint = FontTypeHintValues.EastAsia });
        if (bold) rp.Append(new Bold());
        if (small) rp.Append(new FontSize { Val = "21" });
        return new Paragraph(pp, new Run(rp, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = EastAsianFont, ComplexScript = "Times New Roman" },
                    new FontSize { Val = "28" },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact }))),
            new Style(
                new StyleName { Val = "Normal" },
                new PrimaryStyle())
            { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            new Style(
                new StyleName { Val = "Title" },
                new BasedOn { Val = "Normal" },
                new StyleRunProperties(new RunFonts { EastAsia = HeadingFont }, new Bold(), new FontSize { Val = "40" }))
            { Type = StyleValues.Paragraph, StyleId = "Title" },
            new Style(
                new StyleName { Val = "heading 1" },
                new BasedOn { Val = "Normal" },
                new StyleParagraphProperties(new KeepNext(), new OutlineLevel { Val = 0 }),
                new StyleRunProperties(new RunFonts { EastAsia = HeadingFont }, new FontSize { Val = "32" }))
            { Type = StyleValues.Paragraph, StyleId = "Heading1" });
    }
}
