using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace EduCounty.Reports;

/// <summary>
/// Writes a <see cref="ReportDocument"/> as .docx (OpenXml) in the 公文 layout of GB/T 9704-2012: A4, 版心 156 × 225 mm
/// (top 37 mm, left 28 mm), body 仿宋_GB2312 3号 on 22 lines a page, title 方正小标宋简体 2号, headings 黑体 / 楷体_GB2312 /
/// 仿宋 by level, page numbers “— 1 —” in 4号 宋体 (a PAGE field; odd pages right, even pages left, one character in), 主送机关,
/// 附件说明, 发文机关署名 and 成文日期, each 附件 on a page of its own. The font table names each font with the Windows
/// face Word substitutes when the GB2312 font is missing (仿宋_GB2312 → FangSong, 楷体_GB2312 → KaiTi, 方正小标宋简体 →
/// STZhongsong, 黑体 → SimHei). Charts are PNG <see cref="ImagePart"/>s placed inline, 15 cm wide, caption below.
/// </summary>
public static class ReportDocx
{
    /// <summary>East-Asian font of the body (3号).</summary>
    public const string EastAsianFont = "仿宋_GB2312";

    /// <summary>East-Asian font of level-1 headings (黑体).</summary>
    public const string HeadingFont = "黑体";

    /// <summary>East-Asian font of level-2 headings (楷体).</summary>
    public const string KaiFont = "楷体_GB2312";

    /// <summary>East-Asian font of the title (小标宋 2号).</summary>
    public const string TitleFont = "方正小标宋简体";

    /// <summary>Font of the page numbers (宋体, 4号).</summary>
    public const string PageNumberFont = "宋体";

    /// <summary>The fonts named in the font table and the Windows face Word uses in their place when they are missing.</summary>
    public static readonly IReadOnlyList<(string Name, string Alternative)> Fonts =
        [(EastAsianFont, "FangSong"), (KaiFont, "KaiTi"), (TitleFont, "STZhongsong"), (HeadingFont, "SimHei"), (PageNumberFont, "SimSun")];

    // Half-points: 3号 16 pt, 2号 22 pt, 4号 14 pt, tables 5号 10.5 pt.
    private const string Size3 = "32";
    private const string Size2 = "44";
    private const string Size4 = "28";
    private const string TableSize = "21";

    // 22 lines in the 225 mm 版心: 225 mm / 22 = 10.23 mm = 579 twips (28.95 pt), exact.
    private const string LineTwips = "579";

    // A4 text width is 11906 − 1588 − 1474 twips = 15.6 cm; charts take 15 cm (1 cm = 360,000 EMU).
    private const long ImageWidthEmu = 15L * 360_000;

    /// <summary>The report as the bytes of a .docx (a web download).</summary>
    public static byte[] ToBytes(ReportDocument report)
    {
        using var ms = new MemoryStream();
        Write(report, ms);
        return ms.ToArray();
    }

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static void Write(ReportDocument report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        AddStyles(main);
        AddFontTable(main);
        var settings = main.AddNewPart<DocumentSettingsPart>();
        settings.Settings = new Settings(new EvenAndOddHeaders());
        var (odd, even) = AddFooters(main);
        var body = new Body();
        main.Document = new Document(body);
        var images = new ImageCounter();
        var titles = report.Blocks.TakeWhile(b => b is TitleBlock or CenteredBlock).ToList();
        foreach (var block in titles) body.Append(Render(main, block, images));
        if (report.Form is { } form)
        {
            body.Append(Blank());
            body.Append(Para(form.RecipientLine, indent: false));
        }

        foreach (var block in report.Blocks.Skip(titles.Count)) body.Append(Render(main, block, images));
        if (report.AttachmentList.Count > 0) AttachmentNote(body, report.AttachmentList);
        if (report.Form is { } f) Signature(body, f);
        foreach (var (a, i) in (report.Attachments ?? []).Select((a, i) => (a, i + 1)))
        {
            body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));
            body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }),
                new Run(new Text($"附件{i}"))));
            body.Append(Blank());
            body.Append(Para(a.Title, title: true));
            foreach (var block in a.Blocks) body.Append(Render(main, block, images));
        }

        body.Append(new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(odd) },
            new FooterReference { Type = HeaderFooterValues.Even, Id = main.GetIdOfPart(even) },
            new PageSize { Width = 11906U, Height = 16838U, Orient = PageOrientationValues.Portrait },
            // 版心 156 × 225 mm: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the page number's top 7 mm under the 版心.
            new PageMargin { Top = 2098, Bottom = 1984, Left = 1588, Right = 1474, Header = 851, Footer = 1304, Gutter = 0U }));
        main.Document.Save();
    }

    private sealed class ImageCounter
    {
        public uint Next { get; set; } = 1;
    }

    private static IEnumerable<OpenXmlElement> Render(MainDocumentPart main, ReportBlock block, ImageCounter images)
    {
        switch (block)
        {
            case TitleBlock t:
                return [Para(t.Text, title: true)];
            case CenteredBlock c:
                return [Para(c.Text, center: true, font: KaiFont)];
            case HeadingBlock h:
                return [Heading(h)];
            case ParagraphBlock p:
                return [Para(p.Text, bold: p.Bold, lead: p.Lead)];
            case TableBlock tb:
                return [Table(tb)];
            case ChartBlock cb:
                return [Image(main, cb.Chart, images.Next++), Para(cb.Chart.Caption, center: true, small: true)];
            default:
                throw new NotSupportedException(block.GetType().Name);
        }
    }

    /// <summary>附件说明: a blank line, then “附件：1．…” two characters in; later items aligned under the first name.</summary>
    private static void AttachmentNote(Body body, IReadOnlyList<string> items)
    {
        body.Append(Blank());
        for (var i = 0; i < items.Count; i++)
        {
            var indent = i == 0 ? Chars(firstLine: 2) : Chars(left: 5);
            body.Append(new Paragraph(new ParagraphProperties(indent), BodyRun((i == 0 ? "附件：" : "") + items[i])));
        }
    }

    /// <summary>发文机关署名 and 成文日期 (no seal, GB/T 9704 §7.3.5.2): a blank line, then right-aligned with their indents.</summary>
    private static void Signature(Body body, OfficialForm form)
    {
        body.Append(Blank());
        body.Append(new Paragraph(new ParagraphProperties(Chars(right: form.IssuerRightIndent),
            new Justification { Val = JustificationValues.Right }), BodyRun(form.Issuer)));
        body.Append(new Paragraph(new ParagraphProperties(Chars(right: form.DateRightIndent),
            new Justification { Val = JustificationValues.Right }), BodyRun(form.DateText)));
    }

    /// <summary>
    /// An indentation in characters (Word's *Chars attributes, hundredths of a character) with the same length in twips for
    /// readers that ignore them (LibreOffice): a 3号 character is 16 pt = 320 twips.
    /// </summary>
    private static Indentation Chars(decimal firstLine = 0, decimal left = 0, decimal right = 0, int charTwips = 320)
    {
        string T(decimal chars) => ((int)(chars * charTwips)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ind = new Indentation();
        if (firstLine > 0) (ind.FirstLine, ind.FirstLineChars) = (T(firstLine), (int)(firstLine * 100));
        if (left > 0) (ind.Left, ind.LeftChars) = (T(left), (int)(left * 100));
        if (right > 0) (ind.Right, ind.RightChars) = (T(right), (int)(right * 100));
        return ind;
    }

    private static Run BodyRun(string text) => new(new Text(Typography.Normalize(text)) { Space = SpaceProcessingModeValues.Preserve });

    private static Paragraph Blank() => new(new Run(new Text("")));

    /// <summary>The odd (default) and even footers: “— PAGE —” in 4号 宋体, one character in from the outer edge.</summary>
    private static (FooterPart Odd, FooterPart Even) AddFooters(MainDocumentPart main)
    {
        FooterPart Footer(bool odd)
        {
            var part = main.AddNewPart<FooterPart>();
            var pp = new ParagraphProperties(
                new SpacingBetweenLines { Line = "240", LineRule = LineSpacingRuleValues.Auto },
                odd ? Chars(right: 1, charTwips: 280) : Chars(left: 1, charTwips: 280),
                new Justification { Val = odd ? JustificationValues.Right : JustificationValues.Left });
            RunProperties Rp() => new(new RunFonts { Ascii = PageNumberFont, HighAnsi = PageNumberFont, EastAsia = PageNumberFont }, new FontSize { Val = Size4 });
            part.Footer = new Footer(new Paragraph(pp,
                new Run(Rp(), new Text("— ") { Space = SpaceProcessingModeValues.Preserve }),
                new Run(Rp(), new FieldChar { FieldCharType = FieldCharValues.Begin }),
                new Run(Rp(), new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
                new Run(Rp(), new FieldChar { FieldCharType = FieldCharValues.Separate }),
                new Run(Rp(), new Text("1")),
                new Run(Rp(), new FieldChar { FieldCharType = FieldCharValues.End }),
                new Run(Rp(), new Text(" —") { Space = SpaceProcessingModeValues.Preserve })));
            return part;
        }

        return (Footer(odd: true), Footer(odd: false));
    }

    private static void AddFontTable(MainDocumentPart main)
    {
        var part = main.AddNewPart<FontTablePart>();
        part.Fonts = new DocumentFormat.OpenXml.Wordprocessing.Fonts(Fonts.Select(f => new Font(
            new AltName { Val = f.Alternative },
            new FontCharSet { Val = "86" },
            new FontFamily { Val = FontFamilyValues.Modern },
            new Pitch { Val = FontPitchValues.Variable })
        { Name = f.Name }));
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
        // Single line spacing: the body's exact lines would clip the picture to one line's height.
        return new Paragraph(
            new ParagraphProperties(new KeepNext(), new SpacingBetweenLines { Line = "240", LineRule = LineSpacingRuleValues.Auto }, new Justification { Val = JustificationValues.Center }),
            new Run(new Drawing(inline)));
    }

    private static Table Table(TableBlock block)
    {
        var table = new Table();
        table.Append(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        // Equal columns over the 15.6 cm text width (8844 twips); Word widens the first by content.
        var width = 8844 / Math.Max(1, block.Headers.Count);
        table.Append(new TableGrid(block.Headers.Select(_ => new GridColumn { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(Row(block.Headers, header: true));
        foreach (var cells in block.Rows) table.Append(Row(cells, header: false));
        return table;

        static TableRow Row(IEnumerable<string> cells, bool header)
        {
            var tr = new TableRow();
            tr.Append(new TableRowProperties(header ? [new TableHeader(), new CantSplit()] : [new CantSplit()]));
            foreach (var c in cells)
            {
                tr.Append(new TableCell(Para(c, bold: header, center: true, indent: false, small: true, font: header ? HeadingFont : null)));
            }

            return tr;
        }
    }

    private static Paragraph Heading(HeadingBlock h) => new(
        new ParagraphProperties(new ParagraphStyleId { Val = h.Level switch { 1 => "Heading1", 2 => "Heading2", _ => "Heading3" } },
            Chars(firstLine: 2)),
        new Run(new Text(Typography.Normalize(h.Text)) { Space = SpaceProcessingModeValues.Preserve }));

    private static Paragraph Para(string text, bool title = false, bool bold = false, bool center = false, bool indent = true, bool small = false,
        string? font = null, string? lead = null)
    {
        // Children in the schema's order: style, spacing, indentation, justification.
        var pp = new ParagraphProperties();
        if (title) pp.Append(new ParagraphStyleId { Val = "Title" });
        if (small) pp.Append(new SpacingBetweenLines { Line = "300", LineRule = LineSpacingRuleValues.Auto });
        if (!title && !center && indent) pp.Append(Chars(firstLine: 2));
        if (title || center) pp.Append(new Justification { Val = JustificationValues.Center });
        var paragraph = new Paragraph(pp);
        if (lead is { Length: > 0 })
        {
            paragraph.Append(new Run(new RunProperties(new RunFonts { EastAsia = KaiFont, Hint = FontTypeHintValues.EastAsia }),
                new Text(Typography.Normalize(lead)) { Space = SpaceProcessingModeValues.Preserve }));
        }

        var rp = new RunProperties();
        if (font is not null) rp.Append(new RunFonts { EastAsia = font, Hint = FontTypeHintValues.EastAsia });
        if (bold) rp.Append(new Bold());
        if (small) rp.Append(new FontSize { Val = TableSize });
        paragraph.Append(new Run(rp, new Text(Typography.Normalize(text)) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        static Style Heading(string id, string name, string font, bool bold, int level) => new(
            new StyleName { Val = name },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new StyleParagraphProperties(new KeepNext(), new OutlineLevel { Val = level }),
            new StyleRunProperties(bold
                ? [new RunFonts { EastAsia = font }, new Bold(), new FontSize { Val = Size3 }]
                : [new RunFonts { EastAsia = font }, new FontSize { Val = Size3 }]))
        { Type = StyleValues.Paragraph, StyleId = id };
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = EastAsianFont, ComplexScript = "Times New Roman" },
                    new FontSize { Val = Size3 },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { Line = LineTwips, LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
                    new Justification { Val = JustificationValues.Both }))),
            new Style(
                new StyleName { Val = "Normal" },
                new PrimaryStyle())
            { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            new Style(
                new StyleName { Val = "Title" },
                new BasedOn { Val = "Normal" },
                new StyleParagraphProperties(new SpacingBetweenLines { Line = "700", LineRule = LineSpacingRuleValues.Exact }),
                new StyleRunProperties(new RunFonts { EastAsia = TitleFont }, new FontSize { Val = Size2 }))
            { Type = StyleValues.Paragraph, StyleId = "Title" },
            Heading("Heading1", "heading 1", HeadingFont, bold: false, 0),
            Heading("Heading2", "heading 2", KaiFont, bold: false, 1),
            Heading("Heading3", "heading 3", EastAsianFont, bold: true, 2));
    }
}
