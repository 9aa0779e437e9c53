using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace EduCounty.Common.Tabular;

/// <summary>
/// Reads the parts of an .xlsx that MiniExcel will read, as bytes, before MiniExcel does, and refuses what would make it
/// materialise something huge: a cell (or shared string) longer than <see cref="TabularLimits.MaxCellChars"/>, a tag,
/// comment or processing instruction longer than <see cref="TabularLimits.MaxMarkupBytes"/>, a row number above
/// <see cref="TabularLimits.MaxRows"/> (MiniExcel fills every missing row up to it), a column (of a cell or of the
/// sheet's &lt;dimension&gt;, which sizes every row MiniExcel yields) above <see cref="TabularLimits.MaxColumns"/>, a part that
/// inflates past its declared size, and a part not in UTF-8. Nothing but counters is kept: memory stays flat whatever
/// the part holds. Comments, processing instructions and CDATA are followed, so no text hides from the count.
/// </summary>
internal sealed class XlsxScanner
{
    private enum Mode
    {
        Other,
        SharedStrings,
        Sheet,
    }

    private enum State
    {
        Text,
        Tag,
        Comment,
        Pi,
        CData,
    }

    private readonly string _file;
    private readonly TabularLimits _limits;
    private long _inflated;

    // The shared string that is too long (index), if any: named through the first cell that uses it.
    private int? _longString;

    private XlsxScanner(string file, TabularLimits limits)
    {
        _file = file;
        _limits = limits;
    }

    /// <summary>Scans the parts MiniExcel's Query reads, in the order it reads them; throws <see cref="TabularRefusedException"/>.</summary>
    public static void Scan(ZipArchive zip, string file, TabularLimits limits)
    {
        var scanner = new XlsxScanner(file, limits);
        // MiniExcel's order: the shared strings when it opens the workbook, then the workbook and its relationships (to
        // find the first of several sheets), the styles (for a styled cell) and the sheet.
        if (XlsxPackage.Find(zip, XlsxPackage.SharedStrings) is { } strings)
        {
            scanner.ScanPart(strings, Mode.SharedStrings);
        }
        foreach (var name in new[] { XlsxPackage.Workbook, XlsxPackage.WorkbookRels, XlsxPackage.Styles })
        {
            if (XlsxPackage.Find(zip, name) is { } part)
            {
                scanner.ScanPart(part, Mode.Other);
            }
        }
        if (XlsxPackage.FirstSheet(zip) is { } sheet)
        {
            scanner.ScanPart(sheet, Mode.Sheet);
        }
        if (scanner._longString is { } index)
        {
            throw new TabularRefusedException(
                $"文件 {file} 的共享字符串表第 {index + 1} 项超过 {limits.MaxCellChars:N0} 个字符（单元格内容过长），已拒收");
        }
    }

    private void ScanPart(ZipArchiveEntry entry, Mode mode)
    {
        var part = new PartScan(this, entry.FullName, mode);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            using var s = entry.Open();
            long read = 0;
            int n;
            while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
            {
                read += n;
                _inflated += n;
                // .NET stops an entry at its declared size, which the directory check summed; this holds even if it did not.
                if (read > entry.Length || _inflated > _limits.MaxUncompressedBytes)
                {
                    throw new TabularRefusedException(
                        $"文件 {_file} 的部件 {TabularText.Clip(entry.FullName)} 解压后超过声明的大小或 {_limits.MaxUncompressedBytes / 1048576} MB 的上限（疑似压缩炸弹），已拒收");
                }
                part.Feed(buffer.AsSpan(0, n));
                if (part.Done)
                {
                    break;
                }
            }
            if (!part.Done)
            {
                part.Finish();
            }
        }
        catch (InvalidDataException ex)
        {
            throw new TabularRefusedException($"文件 {_file} 的部件 {TabularText.Clip(entry.FullName)} 无法解压（{TabularText.Clip(ex.Message, 200)}）", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The byte-level state of one part.</summary>
    private sealed class PartScan(XlsxScanner owner, string part, Mode mode)
    {
        private readonly TabularLimits _limits = owner._limits;
        private readonly long _maxMarkup = owner._limits.MaxMarkupBytes;
        private State _state;
        private bool _started;

        // The markup being read (only tags that may carry an attribute we need are copied, when they cross a chunk).
        private readonly List<byte> _tag = [];
        private long _markup;
        private byte _quote;
        private int _terminator; // bytes of "-->", "?>" or "]]>" matched so far
        private bool _element;
        private bool _declaration;
        private long _offset;

        // Characters of the text being counted: one cell (<c>…</c>) of a sheet, one item (<si>…</si>) of the shared
        // strings, else the text between two tags.
        private long _text;
        private bool _inItem;
        private int _items;

        // Sheet position as MiniExcel reckons it: row from <row r>, else the next; column from <c r>, else the next.
        private int _row;
        private int _column;
        private bool _sharedStringCell;
        private readonly List<byte> _value = [];
        private bool _inValue;

        public bool Done { get; private set; }

        public void Feed(ReadOnlySpan<byte> data)
        {
            if (!_started)
            {
                _started = true;
                // Parts are UTF-8 (ECMA-376 writers all use it); a UTF-16 part would hide its tags from this byte scan.
                if (data.Length >= 2 && (data[0] is 0xFF or 0xFE or 0x00 || data[1] == 0x00))
                {
                    throw Refused($"部件 {TabularText.Clip(part)} 不是 UTF-8 编码");
                }
            }
            try
            {
                Run(data);
            }
            finally
            {
                _offset += data.Length;
            }
        }

        private void Run(ReadOnlySpan<byte> data)
        {
            var i = 0;
            while (i < data.Length && !Done)
            {
                switch (_state)
                {
                    case State.Text:
                        {
                            var rest = data[i..];
                            var lt = rest.IndexOf((byte)'<');
                            var text = lt < 0 ? rest : rest[..lt];
                            if (!text.IsEmpty)
                            {
                                AddText(text);
                            }
                            if (lt < 0)
                            {
                                return;
                            }
                            i += lt + 1;
                            _state = State.Tag;
                            _tag.Clear();
                            _markup = 0;
                            _quote = 0;
                            _element = false;
                            break;
                        }
                    case State.Tag:
                        i = ReadTag(data, i);
                        break;
                    case State.Comment:
                        i = Skip(data, i, "-->"u8, countAsText: false);
                        break;
                    case State.Pi:
                        i = Skip(data, i, "?>"u8, countAsText: false);
                        break;
                    case State.CData:
                        i = Skip(data, i, "]]>"u8, countAsText: true);
                        break;
                }
            }
        }

        public void Finish()
        {
            if (_state != State.Text)
            {
                throw Refused($"部件 {TabularText.Clip(part)} 在标记中间结束（文件不完整或已损坏）");
            }
        }

        /// <summary>
        /// Reads markup after '&lt;': &lt;?PI?&gt;, &lt;!--comment--&gt;, &lt;![CDATA[…]]&gt; (recognised from their first bytes; any
        /// other &lt;! is a DTD or entity declaration and refused), else a start or end tag up to its unquoted '&gt;'
        /// (a '&gt;' may stand inside an attribute value).
        /// </summary>
        private int ReadTag(ReadOnlySpan<byte> data, int i)
        {
            if (!_element && _tag.Count == 0 && i < data.Length && data[i] is not ((byte)'?' or (byte)'!'))
            {
                _element = true;
            }
            if (!_element)
            {
                while (i < data.Length)
                {
                    if (_tag.Count == 0)
                    {
                        if (data[i] == (byte)'?')
                        {
                            _state = State.Pi;
                            _declaration = _offset + i <= 4;
                            _terminator = 0;
                            _markup = 1;
                            return i + 1;
                        }
                        if (data[i] != (byte)'!')
                        {
                            _element = true;
                            break;
                        }
                    }
                    _tag.Add(data[i++]);
                    var t = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_tag);
                    if (t.SequenceEqual("!--"u8) || t.SequenceEqual("![CDATA["u8))
                    {
                        _state = t[1] == (byte)'-' ? State.Comment : State.CData;
                        _terminator = 0;
                        _markup = t.Length;
                        _tag.Clear();
                        return i;
                    }
                    if (!"!--"u8.StartsWith(t) && !"![CDATA["u8.StartsWith(t))
                    {
                        throw Refused($"部件 {TabularText.Clip(part)} 含有 DTD 或实体声明（可用于实体膨胀攻击）");
                    }
                }
                if (!_element)
                {
                    return i;
                }
            }
            var start = i;
            var j = i;
            var quote = _quote;
            if (quote == 0)
            {
                // Fast path: the next '>' ends the tag when no single quote comes before it and the double quotes before it
                // pair up (an attribute value may hold '>' but never '<').
                var gt = data[i..].IndexOf((byte)'>');
                if (gt >= 0)
                {
                    var candidate = data.Slice(i, gt);
                    // Most tags of a sheet (<v>, </v>, </c>) have no attribute at all: one search settles them.
                    var quoted = candidate.IndexOfAny((byte)'"', (byte)'\'');
                    if (quoted < 0 || (!candidate[quoted..].Contains((byte)'\'') && (candidate[quoted..].Count((byte)'"') & 1) == 0))
                    {
                        j = i + gt;
                        _markup += gt;
                        CheckMarkup();
                        if (_tag.Count == 0)
                        {
                            Tag(candidate);
                        }
                        else
                        {
                            AppendTag(candidate);
                            Tag(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_tag));
                        }
                        _state = State.Text;
                        return j + 1;
                    }
                }
            }
            // Otherwise byte by byte, following the quotes.
            while (j < data.Length)
            {
                var b = data[j];
                if (quote != 0)
                {
                    if (b == quote)
                    {
                        quote = 0;
                    }
                }
                else if (b == (byte)'>')
                {
                    _quote = 0;
                    _markup += j - start;
                    CheckMarkup();
                    if (_tag.Count == 0)
                    {
                        Tag(data[start..j]);
                    }
                    else
                    {
                        AppendTag(data[start..j]);
                        Tag(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_tag));
                    }
                    _state = State.Text;
                    return j + 1;
                }
                else if (b is (byte)'"' or (byte)'\'')
                {
                    quote = b;
                }
                j++;
            }
            _quote = quote;
            // The tag goes on in the next chunk: keep its bytes (bounded by the markup limit).
            _markup += data.Length - start;
            CheckMarkup();
            AppendTag(data[start..]);
            return data.Length;
        }

        private void AppendTag(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                _tag.Add(b);
            }
        }

        /// <summary>Skips to the end of a comment, processing instruction or CDATA section; CDATA content is text.</summary>
        private int Skip(ReadOnlySpan<byte> data, int i, ReadOnlySpan<byte> end, bool countAsText)
        {
            var from = i;
            while (i < data.Length)
            {
                var b = data[i++];
                if (_declaration && _tag.Count < 256)
                {
                    _tag.Add(b);
                }
                // Each end is one character repeated and a '>' ("-->", "]]>", "?>"): "]]]>" ends a CDATA section too.
                _terminator = b == end[^1] && _terminator == end.Length - 1 ? end.Length
                    : b == end[0] ? Math.Min(_terminator + 1, end.Length - 1)
                    : 0;
                if (_terminator == end.Length)
                {
                    if (_declaration)
                    {
                        CheckDeclaration();
                    }
                    if (countAsText)
                    {
                        AddText(data[from..(i - end.Length > from ? i - end.Length : from)]);
                    }
                    else
                    {
                        _markup += i - from;
                        CheckMarkup();
                    }
                    _state = State.Text;
                    return i;
                }
            }
            if (countAsText)
            {
                AddText(data[from..]);
            }
            else
            {
                _markup += data.Length - from;
                CheckMarkup();
            }
            return i;
        }

        /// <summary>&lt;?xml … encoding="…"?&gt;: only UTF-8 (or none, which means UTF-8) keeps this byte scan exact.</summary>
        private void CheckDeclaration()
        {
            _declaration = false;
            var pi = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_tag);
            var encoding = Attribute(pi, "encoding"u8);
            _tag.Clear();
            if (!encoding.IsEmpty && !Ascii.EqualsIgnoreCase(encoding, "utf-8"u8) && !Ascii.EqualsIgnoreCase(encoding, "utf8"u8))
            {
                throw Refused($"部件 {TabularText.Clip(part)} 不是 UTF-8 编码（{TabularText.Clip(Encoding.UTF8.GetString(encoding))}）");
            }
        }

        private void CheckMarkup()
        {
            if (_markup > _maxMarkup)
            {
                throw Refused($"部件 {TabularText.Clip(part)} 有超过 {_limits.MaxMarkupBytes:N0} 字节的标记（疑似恶意文件）");
            }
        }

        /// <summary>A start or end tag, without its angle brackets.</summary>
        private void Tag(ReadOnlySpan<byte> tag)
        {
            var end = !tag.IsEmpty && tag[0] == (byte)'/';
            var body = end ? tag[1..] : tag;
            var nameEnd = 0;
            var colon = -1;
            while (nameEnd < body.Length && body[nameEnd] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'/'))
            {
                if (body[nameEnd] == (byte)':')
                {
                    colon = nameEnd;
                }
                nameEnd++;
            }
            var local = body[(colon + 1)..nameEnd];
            var selfClosing = !end && !tag.IsEmpty && tag[^1] == (byte)'/';
            switch (mode)
            {
                case Mode.Sheet:
                    SheetTag(local, body[nameEnd..], end, selfClosing);
                    break;
                case Mode.SharedStrings:
                    if (local.Length == 2 && local[0] == (byte)'s' && local[1] == (byte)'i')
                    {
                        _inItem = !end && !selfClosing;
                        _text = 0;
                        if (!end)
                        {
                            _items++;
                        }
                    }
                    else if (!_inItem)
                    {
                        _text = 0;
                    }
                    break;
                default:
                    _text = 0;
                    break;
            }
        }

        /// <summary>A tag of the sheet: its local name and what follows the name (the attributes).</summary>
        private void SheetTag(ReadOnlySpan<byte> local, ReadOnlySpan<byte> body, bool end, bool selfClosing)
        {
            // Names compared by length first: a span comparison per tag and name costs more than the rest of the scan.
            if (local.Length == 1 && local[0] == (byte)'c')
            {
                if (end)
                {
                    _inItem = false;
                    _text = 0;
                    return;
                }
                // Every cell of the sheet comes through here: r="…" first (as every writer puts it) is taken directly, and the
                // type is needed only to name the cell using a shared string that is too long.
                var r = body.Length > 4 && body[0] == (byte)' ' && body[1] == (byte)'r' && body[2] == (byte)'=' && body[3] == (byte)'"'
                    && body[4..].IndexOf((byte)'"') is var close and >= 0
                    ? body.Slice(4, close)
                    : default;
                if (r.IsEmpty)
                {
                    r = Attribute(body, "r"u8);
                }
                _column = CellColumn(r) is { } c ? c : _column + 1;
                if (_column > _limits.MaxColumns)
                {
                    throw new TabularRefusedException(
                        $"文件 {owner._file} 第 {_row:N0} 行 {TabularText.ColumnName(Math.Min(_column, 16384))} 列（第 {_column:N0} 列）超过 {_limits.MaxColumns} 列的上限，已拒收");
                }
                _sharedStringCell = owner._longString is not null && Attribute(body, "t"u8).SequenceEqual("s"u8);
                _inItem = !selfClosing;
                _text = 0;
                return;
            }
            if (local.Length == 3 && local[0] == (byte)'r' && local[1] == (byte)'o' && local[2] == (byte)'w')
            {
                if (end)
                {
                    return;
                }
                var r = Attribute(body, "r"u8);
                _row = int.TryParse(r, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : _row + 1;
                _column = 0;
                if (_row > _limits.MaxRows)
                {
                    throw new TabularRefusedException($"文件 {owner._file} 的工作表有第 {_row:N0} 行，超过 {_limits.MaxRows:N0} 行的上限，已拒收");
                }
                if (!_inItem)
                {
                    _text = 0;
                }
                return;
            }
            if (local.Length == 9 && !end && local.SequenceEqual("dimension"u8))
            {
                // MiniExcel sizes every row it yields to the dimension's last column.
                var reference = Attribute(body, "ref"u8);
                var colon = reference.LastIndexOf((byte)':');
                var last = colon >= 0 ? reference[(colon + 1)..] : reference;
                if (CellColumn(last) is { } columns && columns > _limits.MaxColumns)
                {
                    throw new TabularRefusedException(
                        $"文件 {owner._file} 的工作表范围 {TabularText.Clip(Encoding.UTF8.GetString(reference))} 有 {columns:N0} 列，超过 {_limits.MaxColumns} 列的上限，已拒收");
                }
            }
            if (owner._longString is not null && _inItem && _sharedStringCell && local.Length == 1 && local[0] == (byte)'v')
            {
                _inValue = !end;
                if (!end)
                {
                    _value.Clear();
                }
                else if (int.TryParse(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)
                    && index == owner._longString)
                {
                    throw CellTooLong();
                }
                return;
            }
            if (!_inItem)
            {
                _text = 0;
            }
        }

        private void AddText(ReadOnlySpan<byte> text)
        {
            var chars = Encoding.UTF8.GetCharCount(text);
            // An entity or character reference (&amp; &#x4E2D;) stands for one character.
            var amp = text.IndexOf((byte)'&');
            while (amp >= 0)
            {
                var semi = text[amp..].IndexOf((byte)';');
                if (semi > 0 && semi <= 12)
                {
                    chars -= semi;
                }
                var next = text[(amp + 1)..].IndexOf((byte)'&');
                amp = next < 0 ? -1 : amp + 1 + next;
            }
            _text += chars;
            if (_inValue)
            {
                foreach (var b in text[..Math.Min(text.Length, Math.Max(0, 16 - _value.Count))])
                {
                    _value.Add(b);
                }
            }
            if (_text <= _limits.MaxCellChars)
            {
                return;
            }
            switch (mode)
            {
                case Mode.Sheet when _inItem:
                    throw CellTooLong();
                case Mode.SharedStrings when _inItem:
                    // Which cell uses it is known from the sheet; stop reading the shared strings here.
                    owner._longString ??= _items - 1;
                    Done = true;
                    return;
                default:
                    throw Refused($"部件 {TabularText.Clip(part)} 有超过 {_limits.MaxCellChars:N0} 个字符的文本（疑似恶意文件）");
            }
        }

        private TabularRefusedException CellTooLong() => new(
            $"文件 {owner._file} 第 {_row:N0} 行 {TabularText.ColumnName(_column)} 列：单元格内容超过 {_limits.MaxCellChars:N0} 个字符，已拒收");

        private TabularRefusedException Refused(string reason) => new($"文件 {owner._file} 的{reason}，已拒收");

        /// <summary>An attribute's value in a tag's bytes (name="value" or name='value'); empty when absent.</summary>
        private static ReadOnlySpan<byte> Attribute(ReadOnlySpan<byte> tag, ReadOnlySpan<byte> name)
        {
            var i = 0;
            // Past the element name.
            while (i < tag.Length && !IsSpace(tag[i]))
            {
                i++;
            }
            while (i < tag.Length)
            {
                while (i < tag.Length && IsSpace(tag[i]))
                {
                    i++;
                }
                var attrStart = i;
                while (i < tag.Length && tag[i] != (byte)'=' && !IsSpace(tag[i]))
                {
                    i++;
                }
                var attr = tag[attrStart..i];
                while (i < tag.Length && (IsSpace(tag[i]) || tag[i] == (byte)'='))
                {
                    i++;
                }
                if (i >= tag.Length || tag[i] is not ((byte)'"' or (byte)'\''))
                {
                    return default;
                }
                var quote = tag[i++];
                var valueStart = i;
                while (i < tag.Length && tag[i] != quote)
                {
                    i++;
                }
                // MiniExcel asks for attributes without a prefix (GetAttribute("r")).
                if (attr.SequenceEqual(name))
                {
                    return tag[valueStart..i];
                }
                i++;
            }
            return default;
        }

        private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

        /// <summary>The 1-based column of a reference such as AB12 (null when it does not start with letters).</summary>
        private static int? CellColumn(ReadOnlySpan<byte> reference)
        {
            long column = 0;
            var i = 0;
            while (i < reference.Length && reference[i] is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z')
            {
                column = Math.Min(int.MaxValue, column * 26 + ((reference[i] | 0x20) - 'a' + 1));
                i++;
            }
            return i == 0 ? null : (int)column;
        }
    }
}
