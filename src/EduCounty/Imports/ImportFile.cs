using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using EduCounty.Fitness;
using MiniExcelLibs;

namespace EduCounty.Imports;

/// <summary>Limits that protect the server from oversized and hostile files (issue 5 §4).</summary>
public sealed record ImportLimits
{
    /// <summary>Largest accepted file, bytes.</summary>
    public long MaxFileBytes { get; init; } = 300L * 1024 * 1024;
    /// <summary>Most data rows accepted in one file.</summary>
    public int MaxRows { get; init; } = 2_000_000;
    /// <summary>Largest total uncompressed size of an .xlsx's parts, bytes.</summary>
    public long MaxUncompressedBytes { get; init; } = 4L * 1024 * 1024 * 1024;
    /// <summary>Largest compression ratio of a part bigger than 1 MB (ordinary sheets stay well under 50; zip bombs reach 1000).</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    public static ImportLimits Default { get; } = new();
}

/// <summary>A file refused as a whole (too big, hostile, unreadable): nothing is written.</summary>
public sealed class ImportRefusedException(string message) : Exception(message);

/// <summary>
/// Reads an import file row by row without loading it: .xlsx through MiniExcel's streaming Query (first
/// sheet), .csv in UTF-8 (BOM or strict decode) or else GB18030/GBK. Before an .xlsx is parsed its zip
/// directory is checked for bombs and every XML part for a DTD (entity expansion).
/// </summary>
public static class ImportFile
{
    static ImportFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Checks size, type and (for .xlsx) the zip structure; throws <see cref="ImportRefusedException"/>.</summary>
    public static void Check(string path, string fileName, ImportLimits limits)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ImportRefusedException($"文件 {fileName} 不存在");
        }
        if (info.Length > limits.MaxFileBytes)
        {
            throw new ImportRefusedException(
                $"文件 {fileName} 大小 {info.Length / 1048576.0:0.#} MB，超过上限 {limits.MaxFileBytes / 1048576.0:0.#} MB，已拒收");
        }
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (ext == ".xlsx")
        {
            CheckXlsx(path, fileName, limits);
        }
        else if (ext != ".csv")
        {
            throw new ImportRefusedException($"文件 {fileName}：不支持的文件类型“{ext}”，应为 .xlsx 或 .csv");
        }
    }

    private static void CheckXlsx(string path, string fileName, ImportLimits limits)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            long total = 0;
            foreach (var e in zip.Entries)
            {
                total += e.Length;
                if (total > limits.MaxUncompressedBytes)
                {
                    throw new ImportRefusedException(
                        $"文件 {fileName} 解压后超过 {limits.MaxUncompressedBytes / 1048576} MB（疑似压缩炸弹），已拒收");
                }
                if (e.Length > 1024 * 1024 && e.Length > limits.MaxCompressionRatio * Math.Max(1, e.CompressedLength))
                {
                    throw new ImportRefusedException(
                        $"文件 {fileName} 的部件 {e.FullName} 压缩比 {e.Length / (double)Math.Max(1, e.CompressedLength):0}:1，超过上限 {limits.MaxCompressionRatio:0}:1（疑似压缩炸弹），已拒收");
                }
            }
            foreach (var e in zip.Entries)
            {
                if (e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                {
                    CheckProlog(e, fileName);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ImportRefusedException($"文件 {fileName} 不是有效的 .xlsx 文件（{ex.Message}）");
        }
    }

    /// <summary>
    /// A DTD can only stand in the prolog, before the root element: read up to the root with DTDs
    /// prohibited, so an entity-expansion ("billion laughs") part is refused before any parser sees it.
    /// </summary>
    private static void CheckProlog(ZipArchiveEntry entry, string fileName)
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
            throw new ImportRefusedException($"文件 {fileName} 的部件 {entry.FullName} 含有 DTD（可用于实体膨胀攻击），已拒收");
        }
        catch (XmlException ex)
        {
            throw new ImportRefusedException($"文件 {fileName} 的部件 {entry.FullName} 不是有效的 XML（{ex.Message}）");
        }
    }

    /// <summary>
    /// Rows of the file (header included), estimated before reading it, for progress and the page's "约 N 行": an
    /// .xlsx's &lt;dimension ref="A1:J1000001"/&gt; when the sheet declares one, otherwise the sheet's uncompressed size
    /// divided by the average size of the rows in its first 256 KB; a .csv's size divided by the average line length
    /// of its first 256 KB. Null when the file cannot be read (the import then reports it).
    /// </summary>
    public static long? EstimateRows(string path, string fileName)
    {
        try
        {
            return Path.GetExtension(fileName).Equals(".csv", StringComparison.OrdinalIgnoreCase)
                ? EstimateCsvRows(path)
                : EstimateXlsxRows(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private const int EstimateSample = 256 * 1024;

    private static long? EstimateCsvRows(string path)
    {
        using var s = File.OpenRead(path);
        var buffer = new byte[EstimateSample];
        var n = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var lines = buffer.AsSpan(0, n).Count((byte)'\n');
        if (n < buffer.Length)
        {
            // The whole file was read: count its lines exactly (a last line without a newline counts too).
            return lines + (n > 0 && buffer[n - 1] != '\n' ? 1 : 0);
        }
        return lines == 0 ? null : (long)Math.Round(s.Length / ((double)n / lines));
    }

    private static long? EstimateXlsxRows(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var sheet = FirstSheet(zip);
        if (sheet is null)
        {
            return null;
        }
        using var stream = sheet.Open();
        var buffer = new byte[EstimateSample];
        var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var head = Encoding.UTF8.GetString(buffer, 0, n);
        var dim = System.Text.RegularExpressions.Regex.Match(head, @"<(?:\w+:)?dimension\s+ref=""[A-Z]+\d+:[A-Z]+(\d+)""");
        if (dim.Success && long.TryParse(dim.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            return last;
        }
        var rows = System.Text.RegularExpressions.Regex.Count(head, @"<(?:\w+:)?row[\s>/]");
        if (n < buffer.Length)
        {
            return rows;
        }
        var sheetData = head.IndexOf("sheetData", StringComparison.Ordinal);
        return rows == 0 ? null : (long)Math.Round((sheet.Length - Math.Max(0, sheetData)) / ((double)(n - Math.Max(0, sheetData)) / rows));
    }

    /// <summary>The sheet MiniExcel's Query reads: the only worksheet, else the first one the workbook lists.</summary>
    private static ZipArchiveEntry? FirstSheet(ZipArchive zip)
    {
        var sheets = zip.Entries.Where(e => e.FullName.TrimStart('/').StartsWith("xl/worksheets/sheet", StringComparison.OrdinalIgnoreCase)
            && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).ToList();
        if (sheets.Count <= 1)
        {
            return sheets.FirstOrDefault();
        }
        // workbook.xml lists the sheets in order with their relationship ids; workbook.xml.rels maps them to parts.
        var workbook = zip.Entries.FirstOrDefault(e => e.FullName.TrimStart('/').Equals("xl/workbook.xml", StringComparison.OrdinalIgnoreCase));
        var rels = zip.Entries.FirstOrDefault(e => e.FullName.TrimStart('/').Equals("xl/_rels/workbook.xml.rels", StringComparison.OrdinalIgnoreCase));
        if (workbook is null || rels is null)
        {
            return sheets.OrderBy(e => e.FullName, StringComparer.Ordinal).First();
        }
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
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
        return sheets.OrderBy(e => e.FullName, StringComparer.Ordinal).First();
    }

    /// <summary>Rows of the first sheet: 1-based row number and cell texts (trimmed; empty → null).</summary>
    public static IEnumerable<(int Row, string?[] Cells)> Rows(string path, string fileName)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        return ext == ".csv" ? CsvRows(path) : XlsxRows(path);
    }

    private static IEnumerable<(int, string?[])> XlsxRows(string path)
    {
        using var stream = File.OpenRead(path);
        var n = 0;
        foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            n++;
            var cells = new string?[row.Count];
            var i = 0;
            foreach (var v in row.Values)
            {
                cells[i++] = CellText(v);
            }
            yield return (n, cells);
        }
    }

    private static IEnumerable<(int, string?[])> CsvRows(string path)
    {
        var encoding = DetectEncoding(path);
        using var reader = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        if (reader.Peek() == '\uFEFF')
        {
            reader.Read();
        }
        var n = 0;
        foreach (var rec in CsvText.Read(reader))
        {
            n++;
            var cells = new string?[rec.Fields.Length];
            for (var i = 0; i < cells.Length; i++)
            {
                var t = rec.Fields[i].Trim();
                cells[i] = t.Length == 0 ? null : t;
            }
            yield return (n, cells);
        }
    }

    /// <summary>UTF-8 when the file has a UTF-8 BOM or decodes strictly as UTF-8 (checked in chunks), else GB18030.</summary>
    public static Encoding DetectEncoding(string path)
    {
        using var s = File.OpenRead(path);
        Span<byte> bom = stackalloc byte[3];
        var read = s.Read(bom);
        if (read == 3 && bom.SequenceEqual("\uFEFF"u8))
        {
            return StrictUtf8;
        }
        s.Position = 0;
        var decoder = StrictUtf8.GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[(1 << 16) + 4];
        try
        {
            int n;
            while ((n = s.Read(bytes, 0, bytes.Length)) > 0)
            {
                decoder.GetChars(bytes, 0, n, chars, 0, flush: false);
            }
            decoder.GetChars([], 0, 0, chars, 0, flush: true);
            return StrictUtf8;
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030");
        }
    }

    public static string? CellText(object? value)
    {
        var t = value switch
        {
            null => null,
            string s => s,
            // Whole numbers without exponent (a 学校标识码 typed as a number stays 10 digits).
            double d when Math.Abs(d) < 1e15 && d == Math.Floor(d) => ((long)d).ToString(CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            bool b => b ? "是" : "否",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        t = t?.Trim();
        return string.IsNullOrEmpty(t) ? null : t;
    }

    /// <summary>
    /// Reads ahead on a dedicated thread into a bounded queue so that parsing the XML/CSV overlaps with
    /// validating and writing (the reader never holds more than <paramref name="capacity"/> rows). Errors of the
    /// reader surface in the consumer; stopping the consumer stops the reader and closes the file.
    /// </summary>
    public static IEnumerable<T> Prefetch<T>(IEnumerable<T> source, int capacity = 4096)
    {
        // Items travel in chunks of 256: one hand-over per item costs a semaphore round trip (and spinning that
        // competes for the CPU with the consumer on a small machine).
        const int chunk = 256;
        using var queue = new System.Collections.Concurrent.BlockingCollection<T[]>(Math.Max(2, capacity / chunk));
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var reader = new Thread(() =>
        {
            try
            {
                var buffer = new List<T>(chunk);
                foreach (var item in source)
                {
                    buffer.Add(item);
                    if (buffer.Count == chunk)
                    {
                        queue.Add([.. buffer], stop.Token);
                        buffer.Clear();
                    }
                }
                if (buffer.Count > 0)
                {
                    queue.Add([.. buffer], stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                queue.CompleteAdding();
            }
        })
        { IsBackground = true, Name = "import-reader" };
        reader.Start();
        try
        {
            foreach (var items in queue.GetConsumingEnumerable())
            {
                foreach (var item in items)
                {
                    yield return item;
                }
            }
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
        }
        finally
        {
            stop.Cancel();
            reader.Join();
        }
    }

    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(s));
    }
}
