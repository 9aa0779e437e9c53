using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Reports;
using UglyToad.PdfPig;

namespace EduCounty.Tests.Plan;

/// <summary>Charts embedded in the .docx, the mid-term evaluation report, and the PDF printed by Chromium.</summary>
public sealed class ReportChartsAndMidtermTests
{
    private static readonly PlanDocument Plan = PlanLoader.LoadDefault();

    // The plan's 15 rows fall in 6 groups (学前教育, 义务教育, 高中阶段教育, 特殊教育, 国家通用语言文字教育, 教育信息化):
    // one chart per group plus the status summary.
    private const int ExpectedCharts = 7;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_annual_docx_embeds_the_charts_as_valid_pngs_next_to_the_2020_table(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2020);
        using var ms = new MemoryStream();
        ReportDocx.Write(await AnnualReport.BuildAsync(db, e, new DateOnly(2026, 11, 29)), ms);
        ms.Position = 0;

        using var doc = WordprocessingDocument.Open(ms, false);
        var main = doc.MainDocumentPart!;
        var body = main.Document!.Body!;

        // The table with the plan's 2020 column, reproduced from records (PlanFigures2020): 在园 5669 → 0.5669 万人,
        // 巩固率 109.98, 高中阶段毛入学率 (4119 + 7) ÷ 4290 = 96.18.
        var table = body.Elements<Table>().First();
        var rows = table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToList();
        Assert.Contains(rows, r => r[0] == "在园幼儿数（万人）" && r[5] == "0.5669");
        // 巩固率 is published at the plan file's cap with the computed figure beside it (docs/adr/0039).
        Assert.Contains(rows, r => r[0] == "九年义务教育巩固率（%）" && r[5] == "100（统计口径109.98）");
        Assert.Contains(rows, r => r[0] == "高中阶段毛入学率（%）" && r[5] == "96.18");

        var images = main.ImageParts.ToList();
        Assert.Equal(ExpectedCharts, images.Count);
        foreach (var part in images)
        {
            Assert.Equal("image/png", part.ContentType);
            using var s = part.GetStream();
            using var copy = new MemoryStream();
            s.CopyTo(copy);
            var (width, height) = PngSize(copy.ToArray());
            Assert.True(width >= 400 && height >= 200, $"{part.Uri}: {width}×{height}");
        }

        // Each image is placed in the text (a Drawing referencing the part), not only stored in the package.
        var embeds = body.Descendants<DocumentFormat.OpenXml.Drawing.Blip>().Select(b => b.Embed!.Value).ToList();
        Assert.Equal(images.Select(main.GetIdOfPart).Order(), embeds.Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_midterm_docx_compares_2023_with_the_path_and_the_target(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, MidtermReport.DefaultYear);
        using var ms = new MemoryStream();
        ReportDocx.Write(await MidtermReport.BuildAsync(db, e), ms);
        ms.Position = 0;

        using var doc = WordprocessingDocument.Open(ms, false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var text = body.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Contains("“十四五”规划中期评估的报告", text);
        foreach (var heading in new[] { "一、总体情况", "二、主要指标完成情况", "三、义务教育优质均衡创建情况", "四、重点任务与项目推进情况", "五、存在的问题", "六、下一步工作打算" })
        {
            Assert.Contains(heading, text);
        }

        // Issue 14 item 7: the plan period is 2021—2025; differences of rates in 个百分点; percent of the way never negative
        // (a fall from the baseline is said in words); the plan's headline goal 优质均衡 has its own part, with the verdict.
        var all = string.Join("\n", text);
        Assert.Contains("规划期2021—2025年", all, StringComparison.Ordinal);
        Assert.DoesNotContain("2020—2025", all, StringComparison.Ordinal);
        Assert.Contains("个百分点", all, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[低高]\d+(\.\d+)?%", all);
        Assert.DoesNotMatch(@"完成进度-|完成进度−", all);
        var balance = text[text.IndexOf("三、义务教育优质均衡创建情况") + 1];
        Assert.Contains("到2025年，创建为全国义务教育发展优质均衡市", balance, StringComparison.Ordinal);
        Assert.Contains("尚未达到义务教育优质均衡发展要求", balance, StringComparison.Ordinal);

        var table = body.Elements<Table>().First();
        var rows = table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToList();
        Assert.Equal(MidtermReport.TableHeaders(2023), rows[0]);
        Assert.Equal(["指标", "属性", "2020年基期值", "2023年路径值", "2023年实际值", "2025年目标", "完成进度", "状态", "2025年预测"], rows[0]);
        Assert.Equal(16, rows.Count);
        Assert.All(rows.Skip(1), r => Assert.False(r[6].StartsWith('-'), r[0] + " " + r[6]));

        // Path values by hand (ADR 0011: B + (T − B)·f with f = (2023 − 2020) / (2025 − 2020) = 3/5):
        //   高中阶段毛入学率 96.18 + (98 − 96.18) × 3/5 = 96.18 + 1.092 = 97.272 → 97.27
        //   在编教师普通话达标率 89.42 + (100 − 89.42) × 3/5 = 89.42 + 6.348 = 95.768 → 95.77
        //   在园幼儿数 0.5669 + (0.65 − 0.5669) × 3/5 = 0.5669 + 0.04986 = 0.61676 → 0.6168 (4 decimals, 万人)
        //   巩固率 109.98 → 99.5: the target is below the baseline, a line to hold every year → 99.5
        var senior = rows.Single(r => r[0] == "高中阶段毛入学率（%）");
        Assert.Equal(["96.18", "97.27", "98"], new[] { senior[2], senior[3], senior[5] });
        Assert.Equal("95.77", rows.Single(r => r[0] == "在编教师国家通用语言文字水平达标率（%）")[3]);
        Assert.Equal("0.6168", rows.Single(r => r[0] == "在园幼儿数（万人）")[3]);
        var retention = rows.Single(r => r[0] == "九年义务教育巩固率（%）");
        Assert.Equal("99.5", retention[3]);

        // The row shows the engine's value and status for 2023, and percent of the way = (v − 96.18) ÷ (98 − 96.18).
        var s2023 = e.Find("senior.gross_enrolment_rate")!;
        Assert.Equal(StatusRules.N(s2023.Shown!.Value), senior[4]);
        Assert.Equal(IndicatorStatusLabels.Of(s2023.Status), senior[7]);
        Assert.Equal(StatusRules.N(Math.Round((s2023.Shown!.Value - 96.18m) / 1.82m * 100m, 1, MidpointRounding.AwayFromZero)) + "%", senior[6]);

        // 时间进度 3/5 = 60 %; demo schools opened by the projects: 城南幼儿园 in 2023 (DemoSchools OpenYear 2023, open on
        // 2023-09-01, before the 2023-09-30 census); 城北幼儿园, 第七小学, 第五中学 in 2024.
        Assert.Contains(text, p => p.Contains("时间进度60%", StringComparison.Ordinal));
        Assert.Contains(text, p => p.Contains("已开办1所（城南幼儿园2023-09-01）", StringComparison.Ordinal) &&
            p.Contains("尚未开办3所（城北幼儿园于2024-09-01开办、第七小学于2024-09-01开办、第五中学于2024-09-01开办）", StringComparison.Ordinal));

        Assert.True(doc.MainDocumentPart.ImageParts.Count() >= ExpectedCharts);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_pdf_printed_by_chromium_reads_back_with_the_title_and_the_figures(string provider)
    {
        // scripts/test.sh installs chromium; where it is missing this fails rather than skips.
        Assert.True(ChromiumPdf.Available, ChromiumPdf.MissingMessage);
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, MidtermReport.DefaultYear);
        var pdf = await ChromiumPdf.PrintAsync(await MidtermReport.BuildAsync(db, e));

        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        using var document = PdfDocument.Open(pdf);
        Assert.True(document.NumberOfPages >= 3, $"{document.NumberOfPages} pages");
        // Chromium's CJK subsets map some glyphs to Kangxi radicals (⼆ U+2F06 for 二, ⾩ for 阜); NFKC folds them back.
        var all = string.Concat(document.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal)
            .Normalize(System.Text.NormalizationForm.FormKC);
        Assert.Contains("阜康市教育局关于阜康市教育事业发展", all, StringComparison.Ordinal);
        Assert.Contains("“十四五”规划中期评估的报告", all, StringComparison.Ordinal);
        // The page number "— 1 —" printed in the footer (GB/T 9704 7.5).
        Assert.Contains("—1—", all, StringComparison.Ordinal);
        Assert.Contains("二、主要指标完成情况", all, StringComparison.Ordinal);
        // The comparison table's 2020 baseline and 2023 path value of 高中阶段毛入学率 (see the docx test).
        Assert.Contains("96.18", all, StringComparison.Ordinal);
        Assert.Contains("97.27", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_labels_use_the_cjk_font_found_on_the_machine()
    {
        // fonts-noto-cjk is installed by scripts/test.sh; without it Chinese labels would be boxes.
        Assert.True(ReportFonts.Available, "未找到 Noto Sans CJK 字体");
        var face = ReportFonts.Typeface()!;
        Assert.Equal("Noto Sans CJK SC", face.FamilyName);
        Assert.True(face.ContainsGlyphs("规划路径已达标"));
    }

    /// <summary>
    /// Issue 14 item 10: no legend covers a data point and none is clipped. Inside each indicator panel, the pixel of
    /// every actual value and of the ◆ target shows that point's own colour (a legend drawn over the data, as before,
    /// fails here). Each group figure has one legend strip under all its panels; every inked pixel of the strip lies in
    /// an item's box and every box lies inside the image (a label drawn above its box, as ScottPlot drew the CJK
    /// legend, fails here).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task No_legend_covers_a_data_point_and_none_is_clipped(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2025);
        var (width, height, title) = ReportCharts.PanelSize;
        var checkedPoints = 0;
        foreach (var r in e.Rows)
        {
            var plot = ReportCharts.PanelPlot(e, r);
            using var bitmap = SkiaSharp.SKBitmap.Decode(plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png));
            var data = plot.RenderManager.LastRender.DataRect;
            var points = e.Trend(r.Indicator.Code).Where(p => p.Value is not null)
                .Select(p => (X: (double)p.Year, Y: (double)p.Value!.Value, Hex: ReportCharts.Hex(r.Status))).ToList();
            if (r.Indicator.Target is { } target)
            {
                points.Add((Plan.Period.EndYear, (double)target, "#6a1b9a"));
            }
            var pixels = points.Select(p => (Pixel: plot.GetPixel(new ScottPlot.Coordinates(p.X, p.Y)), p.Hex)).ToList();
            foreach (var (px, hex) in pixels)
            {
                Assert.True(data.Contains(px), $"{r.Indicator.Name}：点 ({px.X},{px.Y}) 在数据区外");
                // Where an actual value meets the target (100 % = 100 %) one marker lies on the other: either colour is data.
                var wanted = pixels.Where(o => Math.Abs(o.Pixel.X - px.X) + Math.Abs(o.Pixel.Y - px.Y) < 8).Select(o => SkiaSharp.SKColor.Parse(o.Hex)).ToList();
                var seen = bitmap.GetPixel((int)Math.Round(px.X), (int)Math.Round(px.Y));
                Assert.True(wanted.Any(w => Math.Abs(seen.Red - w.Red) + Math.Abs(seen.Green - w.Green) + Math.Abs(seen.Blue - w.Blue) < 60),
                    $"{r.Indicator.Name}：点 ({px.X},{px.Y}) 处颜色 {seen}，应为 {hex}（被遮挡）");
                checkedPoints++;
            }
        }
        // 15 indicators, most with 6 years of values, 14 with a target: far more than one point per panel was looked at.
        Assert.True(checkedPoints > e.Rows.Count * 3, $"只检查了 {checkedPoints} 个点");

        foreach (var chart in ReportCharts.For(e).Skip(1))
        {
            using var image = SkiaSharp.SKBitmap.Decode(chart.Png);
            var panelsBottom = title + (((e.Rows.Count(r => chart.Title.StartsWith(r.Indicator.Group + "：", StringComparison.Ordinal)) + 1) / 2) * height);
            var items = ReportCharts.LegendItems(panelsBottom, image.Width);
            Assert.Equal(4, items.Count);
            foreach (var item in items)
            {
                Assert.True(item.Box.Top >= panelsBottom && item.Box.Bottom <= image.Height && item.Box.Left >= 0 && item.Box.Right <= image.Width,
                    $"{chart.Title}：图例“{item.Label}”的位置 {item.Box} 超出图例条（{panelsBottom}–{image.Height}）");
            }
            var inked = 0;
            for (var y = panelsBottom; y < image.Height; y++)
            {
                for (var x = 0; x < image.Width; x++)
                {
                    if (image.GetPixel(x, y) is { Red: < 200 } or { Green: < 200 } or { Blue: < 200 })
                    {
                        inked++;
                        Assert.True(items.Any(i => x >= i.Box.Left - 1 && x <= i.Box.Right + 1 && y >= i.Box.Top - 1 && y <= i.Box.Bottom + 1),
                            $"{chart.Title}：图例条 ({x},{y}) 处有笔画，不在任何图例项的框内（文字被裁切或越界）");
                    }
                }
            }
            Assert.True(inked > 400, $"{chart.Title}：图例条几乎没有笔画（{inked} 像素）");
        }
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.Length > 33, "empty image");
        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
