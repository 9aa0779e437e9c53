using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using ExcelDataReader;
using MiniExcelLibs;
using Sylvan.Data.Csv;

namespace EduCounty.Common.Tabular;

/// <summary>The container a file turned out to be (by its content, not only its name).</summary>
public enum TabularFormat
{
    Xlsx,
    Xls,
    Csv,
}

/// <summary>One row of the first sheet: its spreadsheet row number (1-based, blank rows counted) and its cells' text (trimmed, empty → null).</summary>
public readonly record struct TabularRow(int Number, string?[] Cells)
{
    /// <summary>The cell at a 0-based column, null when the row is shorter.</summary>
    public string? this[int column] => column >= 0 && column < Cells.Length ? Cells[column] : null;

    public bool IsBlank => Array.TrueForAll(Cells, c => c is null);
}

/// <summary>
/// The one reader of spreadsheets and CSV files (issue 15 §3): .xlsx through MiniExcel's streaming Query (first sheet),
/// legacy .xls through ExcelDataReader, .csv through Sylvan.Data.Csv in UTF-8 (with or without BOM), UTF-16 with BOM,
/// GBK or GB18030 (<see cref="TabularEncoding"/>). <see cref="Open(string, string, TabularLimits)"/> checks what can be
/// checked at once (type, size, the zip directory, DTDs); <see cref="Rows"/> checks the rest while it reads (an .xlsx's
/// parts are scanned before MiniExcel parses them, a .csv's records are bounded) and every refusal is a
/// <see cref="TabularRefusedException"/> with a Chinese message naming file, row, column and reason.
/// </summary>
public sealed partial class TabularFile : IDisposable
{
    /// <summary>The extensions accepted, for messages and file pickers (accept=".xlsx,.xls,.csv").</summary>
    public const string Accept = ".xlsx,.xls,.csv";

    private static readonly byte[] CompoundFile = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private readonly string? _path;
    private readonly Stream? _stream;
    private readonly string? _temporary;

    static TabularFile() => TabularEncoding.EnsureCodePages();

    private TabularFile(string fileName, TabularFormat format, TabularLimits limits, long length, string? path, Stream? stream, string? temporary)
    {
        FileName = fileName;
        Format = format;
        Limits = limits;
        Length = length;
        _path = path;
        _stream = stream;
        _temporary = temporary;
    }

    /// <summary>The name messages use (the uploaded name, not the server's path).</summary>
    public string FileName { get; }

    public TabularFormat Format { get; }

    public TabularLimits Limits { get; }

    /// <summary>Size of the file, bytes.</summary>
    public long Length { get; }

    /// <summary>Opens a file on disk: checks its type, size and (for .xlsx) zip directory; the name gives the extension.</summary>
    public static TabularFile Open(string path, string fileName, TabularLimits limits)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(limits);
        var name = Path.GetFileName(fileName);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new TabularRefusedException($"文件 {name} 不存在");
        }
        CheckSize(name, info.Length, limits);
        using var s = File.OpenRead(path);
        var format = Identify(s, name, limits);
        return new TabularFile(name, format, limits, info.Length, path, null, null);
    }

    /// <summary>
    /// Opens an upload. A seekable stream is read in place (by one caller at a time; it stays the caller's to dispose);
    /// another is first copied to a temporary file, never past <see cref="TabularLimits.MaxFileBytes"/>.
    /// </summary>
    public static TabularFile Open(Stream stream, string fileName, TabularLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        var name = Path.GetFileName(fileName);
        if (!stream.CanSeek)
        {
            // Owner-only (0600) from its creation in a private folder of the temp directory (issue 13 §5), deleted on dispose.
            var folder = OwnerOnlyFiles.Folder(Path.Combine(Path.GetTempPath(), "educounty-" + Environment.UserName)).FullName;
            var temporary = Path.Combine(folder, "tabular-" + Guid.NewGuid().ToString("N") + Path.GetExtension(name));
            try
            {
                using (var copy = OwnerOnlyFiles.Create(temporary))
                {
                    var buffer = new byte[1 << 16];
                    long total = 0;
                    int n;
                    while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        total += n;
                        CheckSize(name, total, limits);
                        copy.Write(buffer, 0, n);
                    }
                }
                var file = Open(temporary, name, limits);
                return new TabularFile(name, file.Format, limits, file.Length, temporary, null, temporary);
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }
        }
        var length = stream.Length - stream.Position;
        CheckSize(name, length, limits);
        var start = stream.Position;
        var format = Identify(stream, name, limits);
        stream.Position = start;
        return new TabularFile(name, format, limits, length, null, new Window(stream, start), null);
    }

    public void Dispose()
    {
        if (_temporary is not null)
        {
            File.Delete(_temporary);
        }
    }

    private static void CheckSize(string name, long length, TabularLimits limits)
    {
        if (length > limits.MaxFileBytes)
        {
            throw new TabularRefusedException(
                $"文件 {name} 大小 {TabularText.Megabytes(length)} MB，超过上限 {TabularText.Megabytes(limits.MaxFileBytes)} MB，已拒收");
        }
    }

    /// <summary>
    /// The format from the extension, confirmed by the first bytes: an .xlsx is a zip, an .xls a compound file. Chinese
    /// systems often export a zip or a web page named .xls: the former is read as .xlsx, the latter refused with advice.
    /// </summary>
    private static TabularFormat Identify(Stream s, string name, TabularLimits limits)
    {
        var ext = Path.GetExtension(name).ToLowerInvariant();
        if (ext == ".csv")
        {
            return TabularFormat.Csv;
        }
        if (ext is not (".xlsx" or ".xls"))
        {
            throw new TabularRefusedException($"文件 {name}：不支持的文件类型“{TabularText.Clip(ext, 10)}”，应为 .xlsx、.xls 或 .csv");
        }
        Span<byte> head = stackalloc byte[8];
        var start = s.Position;
        var n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        s.Position = start;
        if (n >= 4 && head.StartsWith("PK\u0003\u0004"u8))
        {
            CheckZip(s, name, limits);
            return TabularFormat.Xlsx;
        }
        if (n == 8 && head.SequenceEqual(CompoundFile))
        {
            if (ext == ".xlsx")
            {
                throw new TabularRefusedException($"文件 {name} 不是有效的 .xlsx 文件（是加密的工作簿，或 .xls 文件改了扩展名：请另存为 .xlsx）");
            }
            return TabularFormat.Xls;
        }
        throw new TabularRefusedException(ext == ".xlsx"
            ? $"文件 {name} 不是有效的 .xlsx 文件（内容不是 Excel 工作簿）"
            : $"文件 {name} 不是有效的 .xls 文件（可能是网页或文本导出后改了扩展名：请用 Excel 或 WPS 打开后另存为 .xlsx）");
    }

    private static void CheckZip(Stream s, string name, TabularLimits limits)
    {
        var start = s.Position;
        try
        {
            using var zip = new ZipArchive(s, ZipArchiveMode.Read, leaveOpen: true);
            XlsxPackage.CheckDirectory(zip, name, limits);
        }
        catch (InvalidDataException ex)
        {
            throw new TabularRefusedException($"文件 {name} 不是有效的 .xlsx 文件（{TabularText.Clip(ex.Message, 200)}）", ex);
        }
        finally
        {
            s.Position = start;
        }
    }

    private Stream OpenStream()
    {
        if (_path is not null)
        {
            return new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        _stream!.Position = 0;
        return _stream;
    }

    /// <summary>
    /// The rows of the first sheet (header included), checked as they are read. A file refused part-way has
    /// yielded rows already: callers that write stay all-or-nothing by not committing before the end.
    /// </summary>
    public IEnumerable<TabularRow> Rows() => Format switch
    {
        TabularFormat.Xlsx => Guarded(XlsxRows()),
        TabularFormat.Xls => Guarded(XlsRows()),
        _ => Guarded(CsvRows()),
    };

    /// <summary>
    /// Turns what the parsers throw on a damaged or hostile file into a refusal (their messages are English and may
    /// quote the file; only a clipped message is kept).
    /// </summary>
    private IEnumerable<TabularRow> Guarded(IEnumerable<TabularRow> rows)
    {
        using var e = rows.GetEnumerator();
        var last = 0;
        while (true)
        {
            try
            {
                if (!e.MoveNext())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (ex is not (TabularRefusedException or OperationCanceledException or OutOfMemoryException))
            {
                throw new TabularRefusedException(
                    $"文件 {FileName} 第 {last + 1:N0} 行附近无法读取（{TabularText.Clip(ex.Message, 200)}），已拒收", ex);
            }
            last = e.Current.Number;
            yield return e.Current;
        }
    }

    /// <summary>
    /// The parts MiniExcel will read are scanned first (<see cref="XlsxScanner"/>), then MiniExcel streams the first sheet.
    /// (Scanning on a thread of its own with MiniExcel gated behind it was tried: on the shared 2-core machine it saved no
    /// time and cost more CPU, so the scan stays in line.)
    /// </summary>
    private IEnumerable<TabularRow> XlsxRows()
    {
        var stream = OpenStream();
        try
        {
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
            {
                XlsxScanner.Scan(zip, FileName, Limits);
            }
            stream.Position = 0;
            foreach (var row in MiniExcelRows(stream))
            {
                yield return row;
            }
        }
        finally
        {
            if (_path is not null)
            {
                stream.Dispose();
            }
        }
    }

    private IEnumerable<TabularRow> MiniExcelRows(Stream stream)
    {
        var n = 0;
        foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            n++;
            var cells = new string?[row.Count];
            var i = 0;
            foreach (var v in row.Values)
            {
                cells[i++] = TabularText.Cell(v);
            }
            yield return Checked(n, cells);
        }
    }

    private IEnumerable<TabularRow> XlsRows()
    {
        var stream = OpenStream();
        try
        {
            // Files without a code page record (Excel 5.0/95) are Chinese here: GB18030 covers GBK.
            using var reader = ExcelReaderFactory.CreateBinaryReader(stream, new ExcelReaderConfiguration { FallbackEncoding = TabularEncoding.Gb18030, LeaveOpen = true });
            if (reader.RowCount > Limits.MaxRows)
            {
                throw new TabularRefusedException($"文件 {FileName} 的工作表有 {reader.RowCount:N0} 行，超过 {Limits.MaxRows:N0} 行的上限，已拒收");
            }
            if (reader.FieldCount > Limits.MaxColumns)
            {
                throw new TabularRefusedException($"文件 {FileName} 的工作表有 {reader.FieldCount:N0} 列，超过 {Limits.MaxColumns} 列的上限，已拒收");
            }
            var n = 0;
            while (reader.Read())
            {
                n++;
                var cells = new string?[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = TabularText.Cell(reader.GetValue(i));
                }
                yield return Checked(n, cells);
            }
        }
        finally
        {
            if (_path is not null)
            {
                stream.Dispose();
            }
        }
    }

    /// <summary>Row and column counts and cell lengths of a row read from a sheet (an .xlsx was scanned already: defence in depth).</summary>
    private TabularRow Checked(int n, string?[] cells)
    {
        if (n > Limits.MaxRows)
        {
            throw TooManyRows();
        }
        if (cells.Length > Limits.MaxColumns)
        {
            throw TooManyColumns(n, cells.Length);
        }
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] is { Length: var length } && length > Limits.MaxCellChars)
            {
                throw CellTooLong(n, i + 1);
            }
        }
        return new TabularRow(n, cells);
    }

    private IEnumerable<TabularRow> CsvRows()
    {
        var stream = OpenStream();
        try
        {
            var encoding = TabularEncoding.Detect(stream);
            var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
            foreach (var row in CsvRows(reader, FileName, Limits))
            {
                yield return row;
            }
        }
        finally
        {
            if (_path is not null)
            {
                stream.Dispose();
            }
        }
    }

    /// <summary>
    /// Records of CSV text already decoded (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; a
    /// leading BOM is dropped; '#' is data, not a comment). A record is never buffered past every column at its longest
    /// cell, so a huge field is refused without being materialised; each cell's length is checked before it becomes a string.
    /// </summary>
    public static IEnumerable<TabularRow> CsvRows(TextReader reader, string fileName, TabularLimits limits)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(limits);
        if (reader.Peek() == '\uFEFF')
        {
            reader.Read();
        }
        var file = Path.GetFileName(fileName);
        var options = new CsvDataReaderOptions
        {
            HasHeaders = false,
            Delimiter = ',',
            Comment = '\0',
            BufferSize = Math.Min(1 << 16, limits.MaxRecordChars),
            MaxBufferSize = limits.MaxRecordChars,
            OwnsReader = false,
        };
        using var csv = CsvDataReader.Create(reader, options);
        var n = 0;
        while (true)
        {
            try
            {
                if (!csv.Read())
                {
                    yield break;
                }
            }
            catch (CsvRecordTooLargeException ex)
            {
                throw new TabularRefusedException(
                    $"文件 {file} 第 {Math.Max(ex.RowNumber, n + 1):N0} 行过长：单元格超过 {limits.MaxCellChars:N0} 个字符或整行超过 {limits.MaxRecordChars:N0} 个字符，已拒收", ex);
            }
            catch (CsvFormatException ex)
            {
                throw new TabularRefusedException($"文件 {file} 第 {Math.Max(ex.RowNumber, n + 1):N0} 行：引号不成对，无法分列（带逗号或换行的内容应整体加英文双引号），已拒收", ex);
            }
            n++;
            if (n > limits.MaxRows)
            {
                throw new TabularRefusedException($"文件 {file} 超过 {limits.MaxRows:N0} 行的上限（第 {n:N0} 行），已拒收");
            }
            var count = csv.RowFieldCount;
            if (count > limits.MaxColumns)
            {
                throw new TabularRefusedException($"文件 {file} 第 {n:N0} 行有 {count:N0} 列，超过 {limits.MaxColumns} 列的上限，已拒收");
            }
            var cells = new string?[count];
            for (var i = 0; i < count; i++)
            {
                var span = csv.GetFieldSpan(i);
                if (span.Length > limits.MaxCellChars)
                {
                    throw new TabularRefusedException(
                        $"文件 {file} 第 {n:N0} 行第 {i + 1} 列（{TabularText.ColumnName(i + 1)} 列）：单元格内容超过 {limits.MaxCellChars:N0} 个字符，已拒收");
                }
                var t = span.Trim();
                cells[i] = t.IsEmpty ? null : t.ToString();
            }
            yield return new TabularRow(n, cells);
        }
    }

    private TabularRefusedException TooManyRows() =>
        new($"文件 {FileName} 超过 {Limits.MaxRows:N0} 行的上限，已拒收");

    private TabularRefusedException TooManyColumns(int row, int columns) =>
        new($"文件 {FileName} 第 {row:N0} 行有 {columns:N0} 列，超过 {Limits.MaxColumns} 列的上限，已拒收");

    private TabularRefusedException CellTooLong(int row, int column) =>
        new($"文件 {FileName} 第 {row:N0} 行 {TabularText.ColumnName(column)} 列：单元格内容超过 {Limits.MaxCellChars:N0} 个字符，已拒收");

    /// <summary>
    /// Rows of the file (header included), estimated before reading it, for progress: an .xlsx's
    /// &lt;dimension ref="A1:J1000001"/&gt; when the sheet declares one, otherwise the sheet's uncompressed size divided by
    /// the average size of the rows in its first 256 KB; a .csv's size divided by the average line length of its first
    /// 256 KB; an .xls's row count. Null when the file cannot be read (reading it then reports why).
    /// </summary>
    public long? EstimateRows()
    {
        try
        {
            var stream = OpenStream();
            try
            {
                return Format switch
                {
                    TabularFormat.Csv => EstimateCsvRows(stream),
                    TabularFormat.Xls => EstimateXlsRows(stream),
                    _ => EstimateXlsxRows(stream),
                };
            }
            finally
            {
                if (_path is not null)
                {
                    stream.Dispose();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            return null;
        }
    }

    /// <summary>The estimate for a file on disk without the checks of <see cref="Open(string, string, TabularLimits)"/> (null when unreadable).</summary>
    public static long? EstimateRows(string path, string fileName)
    {
        try
        {
            using var file = Open(path, fileName, TabularLimits.Default with { MaxFileBytes = long.MaxValue, MaxUncompressedBytes = long.MaxValue, MaxCompressionRatio = double.MaxValue });
            return file.EstimateRows();
        }
        catch (Exception ex) when (ex is TabularRefusedException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private const int EstimateSample = 256 * 1024;

    private static long? EstimateCsvRows(Stream s)
    {
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

    private static long? EstimateXlsRows(Stream s)
    {
        using var reader = ExcelReaderFactory.CreateBinaryReader(s, new ExcelReaderConfiguration { FallbackEncoding = TabularEncoding.Gb18030, LeaveOpen = true });
        return reader.RowCount;
    }

    private static long? EstimateXlsxRows(Stream s)
    {
        using var zip = new ZipArchive(s, ZipArchiveMode.Read, leaveOpen: true);
        var sheet = XlsxPackage.FirstSheet(zip);
        if (sheet is null)
        {
            return null;
        }
        using var stream = sheet.Open();
        var buffer = new byte[EstimateSample];
        var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var head = Encoding.UTF8.GetString(buffer, 0, n);
        var dim = Dimension().Match(head);
        if (dim.Success && long.TryParse(dim.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            return last;
        }
        var rows = RowTag().Count(head);
        if (n < buffer.Length)
        {
            return rows;
        }
        var sheetData = head.IndexOf("sheetData", StringComparison.Ordinal);
        return rows == 0 ? null : (long)Math.Round((sheet.Length - Math.Max(0, sheetData)) / ((double)(n - Math.Max(0, sheetData)) / rows));
    }

    [GeneratedRegex(@"<(?:\w+:)?dimension\s+ref=""[A-Z]+\d+:[A-Z]+(\d+)""")]
    private static partial Regex Dimension();

    [GeneratedRegex(@"<(?:\w+:)?row[\s>/]")]
    private static partial Regex RowTag();

    /// <summary>A caller's stream seen from where it stood when opened (position 0 = the file's first byte).</summary>
    private sealed class Window(Stream inner, long start) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length - start;

        public override long Position
        {
            get => inner.Position - start;
            set => inner.Position = start + value;
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override long Seek(long offset, SeekOrigin origin) => origin switch
        {
            SeekOrigin.Begin => inner.Seek(start + offset, SeekOrigin.Begin) - start,
            _ => inner.Seek(offset, origin) - start,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        // The caller owns the inner stream: MiniExcel and ExcelDataReader dispose what they are given, which must not close it.
        protected override void Dispose(bool disposing) => base.Dispose(false);
    }
}
