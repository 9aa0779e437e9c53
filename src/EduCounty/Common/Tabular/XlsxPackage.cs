using System.IO.Compression;
using System.Xml;

namespace EduCounty.Common.Tabular;

/// <summary>
/// The zip container of an .xlsx: the directory checks (size, compression ratio, duplicate names) and which parts
/// MiniExcel's Query reads (the first sheet, the shared strings, the styles, the workbook and its relationships).
/// </summary>
internal static class XlsxPackage
{
    public const string SharedStrings = "xl/sharedStrings.xml";
    public const string Styles = "xl/styles.xml";
    public const string Workbook = "xl/workbook.xml";
    public const string WorkbookRels = "xl/_rels/workbook.xml.rels";

    /// <summary>
    /// Refuses a zip bomb from the directory alone: the declared total uncompressed size, the ratio of each part over
    /// 1 MB, and two entries with one name (MiniExcel looks parts up by name without case: which one would it read?).
    /// Every XML part's prolog is read with DTDs prohibited (entity expansion, XXE).
    /// </summary>
    public static void CheckDirectory(ZipArchive zip, string file, TabularLimits limits)
    {
        long total = 0;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in zip.Entries)
        {
            if (!names.Add(Normal(e.FullName)))
            {
                throw new TabularRefusedException($"文件 {file} 中有两个同名部件 {TabularText.Clip(e.FullName)}（疑似恶意文件），已拒收");
            }
            total += e.Length;
            if (total > limits.MaxUncompressedBytes)
            {
                throw new TabularRefusedException(
                    $"文件 {file} 解压后超过 {limits.MaxUncompressedBytes / 1048576} MB（疑似压缩炸弹），已拒收");
            }
            if (e.Length > 1024 * 1024 && e.Length > limits.MaxCompressionRatio * Math.Max(1, e.CompressedLength))
            {
                throw new TabularRefusedException(
                    $"文件 {file} 的部件 {TabularText.Clip(e.FullName)} 压缩比 {e.Length / (double)Math.Max(1, e.CompressedLength):0}:1，超过上限 {limits.MaxCompressionRatio:0}:1（疑似压缩炸弹），已拒收");
            }
        }
        foreach (var e in zip.Entries)
        {
            if (e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
            {
                CheckProlog(e, file);
            }
        }
    }

    /// <summary>
    /// A DTD can only stand in the prolog, before the root element: read up to the root with DTDs prohibited, so an
    /// entity-expansion ("billion laughs") part is refused before any parser sees it.
    /// </summary>
    private static void CheckProlog(ZipArchiveEntry entry, string file)
    {
        using var s = entry.Open();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 0 };
        try
        {
            using var r = XmlReader.Create(s, settings);
            while (r.Read())
            {
                if (r.NodeType == XmlNodeType.Element)
                {
                    return;
                }
            }
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new TabularRefusedException($"文件 {file} 的部件 {TabularText.Clip(entry.FullName)} 含有 DTD（可用于实体膨胀攻击），已拒收");
        }
        catch (XmlException ex)
        {
            throw new TabularRefusedException($"文件 {file} 的部件 {TabularText.Clip(entry.FullName)} 不是有效的 XML（{TabularText.Clip(ex.Message, 200)}）");
        }
    }

    /// <summary>MiniExcel's own look-up: back slashes as slashes, case ignored.</summary>
    private static string Normal(string name) => name.Replace('\\', '/');

    public static ZipArchiveEntry? Find(ZipArchive zip, string name) =>
        zip.Entries.FirstOrDefault(e => Normal(e.FullName).Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The sheet MiniExcel's Query reads: the only worksheet, else the first one the workbook lists.</summary>
    public static ZipArchiveEntry? FirstSheet(ZipArchive zip)
    {
        var sheets = zip.Entries.Where(e => e.FullName.TrimStart('/').StartsWith("xl/worksheets/sheet", StringComparison.OrdinalIgnoreCase)
            && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).ToList();
        if (sheets.Count <= 1)
        {
            return sheets.FirstOrDefault();
        }
        // workbook.xml lists the sheets in order with their relationship ids; workbook.xml.rels maps them to parts.
        var workbook = zip.Entries.FirstOrDefault(e => e.FullName.TrimStart('/').Equals(Workbook, StringComparison.OrdinalIgnoreCase));
        var rels = zip.Entries.FirstOrDefault(e => e.FullName.TrimStart('/').Equals(WorkbookRels, StringComparison.OrdinalIgnoreCase));
        if (workbook is null || rels is null)
        {
            return sheets.OrderBy(e => e.FullName, StringComparer.Ordinal).First();
        }
        // These two parts are small in any real workbook; a bounded reader keeps a hostile one from being materialised
        // here (this runs for the row estimate, before the parts are scanned).
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 8 << 20 };
        try
        {
            return FirstListed(sheets, workbook, rels, settings) ?? sheets.OrderBy(e => e.FullName, StringComparer.Ordinal).First();
        }
        catch (XmlException)
        {
            return sheets.OrderBy(e => e.FullName, StringComparer.Ordinal).First();
        }
    }

    private static ZipArchiveEntry? FirstListed(List<ZipArchiveEntry> sheets, ZipArchiveEntry workbook, ZipArchiveEntry rels, XmlReaderSettings settings)
    {
        string? firstId = null;
        using (var r = XmlReader.Create(workbook.Open(), settings))
        {
            while (firstId is null && r.Read())
            {
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheet")
                {
                    firstId = r.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
                }
            }
        }
        using (var r = XmlReader.Create(rels.Open(), settings))
        {
            while (firstId is not null && r.Read())
            {
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "Relationship" && r.GetAttribute("Id") == firstId
                    && r.GetAttribute("Target") is { } target)
                {
                    var name = target.TrimStart('/');
                    name = name.StartsWith("xl/", StringComparison.OrdinalIgnoreCase) ? name : "xl/" + name;
                    return sheets.FirstOrDefault(e => e.FullName.TrimStart('/').Equals(name, StringComparison.OrdinalIgnoreCase));
                }
            }
        }
        return null;
    }
}
