using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EduCounty.Imports;

/// <summary>Cell look: plain, header (bold, grey), error (red fill), warning (yellow fill).</summary>
public enum CellLook : uint
{
    Plain = 0,
    Header = 1,
    Error = 2,
    Warning = 3,
}

/// <summary>
/// Writes .xlsx sheets row by row with the OpenXML SAX writer (no whole-sheet DOM), with the few styles
/// the error file and the templates need.
/// </summary>
public sealed class SheetWriter : IDisposable
{
    private readonly SpreadsheetDocument _doc;
    private readonly WorkbookPart _wb;
    private readonly Sheets _sheets;
    private uint _nextSheet = 1;

    public SheetWriter(Stream output)
    {
        _doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        _wb = _doc.AddWorkbookPart();
        _wb.Workbook = new Workbook();
        _sheets = _wb.Workbook.AppendChild(new Sheets());
        var styles = _wb.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(), new Font(new Bold())),
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9D9D9" }) { PatternType = PatternValues.Solid }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFFC7CE" }) { PatternType = PatternValues.Solid }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFFEB9C" }) { PatternType = PatternValues.Solid })),
            new Borders(new Border()),
            new CellFormats(
                new CellFormat(),
                new CellFormat { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true },
                new CellFormat { FillId = 3, ApplyFill = true },
                new CellFormat { FillId = 4, ApplyFill = true }));
    }

    /// <summary>Writes one sheet from rows of (text, look) cells; null text leaves the cell empty.</summary>
    public void AddSheet(string name, IEnumerable<IReadOnlyList<(string? Text, CellLook Look)>> rows, IReadOnlyList<double>? widths = null)
    {
        var part = _wb.AddNewPart<WorksheetPart>();
        using (var w = OpenXmlWriter.Create(part))
        {
            w.WriteStartElement(new Worksheet());
            if (widths is { Count: > 0 })
            {
                w.WriteStartElement(new Columns());
                for (var i = 0; i < widths.Count; i++)
                {
                    w.WriteElement(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = widths[i], CustomWidth = true });
                }
                w.WriteEndElement();
            }
            w.WriteStartElement(new SheetData());
            uint r = 0;
            foreach (var row in rows)
            {
                r++;
                w.WriteStartElement(new Row { RowIndex = r });
                for (var c = 0; c < row.Count; c++)
                {
                    var (text, look) = row[c];
                    if (text is null && look == CellLook.Plain)
                    {
                        continue;
                    }
                    var cell = new Cell { CellReference = ColumnName(c) + r, StyleIndex = (uint)look };
                    if (text is not null)
                    {
                        cell.DataType = CellValues.InlineString;
                        cell.InlineString = new InlineString(new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve });
                    }
                    w.WriteElement(cell);
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement();
        }
        _sheets.AppendChild(new Sheet { Id = _wb.GetIdOfPart(part), SheetId = _nextSheet++, Name = name });
    }

    /// <summary>XML 1.0 cannot carry control characters: they are dropped.</summary>
    private static string Clean(string s) => s.Any(c => c < 0x20 && c is not '\t' and not '\n' and not '\r')
        ? string.Concat(s.Where(c => c >= 0x20 || c is '\t' or '\n' or '\r'))
        : s;

    public static string ColumnName(int index)
    {
        var name = "";
        index++;
        while (index > 0)
        {
            var m = (index - 1) % 26;
            name = (char)('A' + m) + name;
            index = (index - m - 1) / 26;
        }
        return name;
    }

    public void Dispose()
    {
        _wb.Workbook.Save();
        _doc.Dispose();
    }
}
