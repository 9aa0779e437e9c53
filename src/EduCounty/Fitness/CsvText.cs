using System.Text;

namespace EduCounty.Fitness;

/// <summary>A minimal RFC 4180 reader: quoted fields, doubled quotes, CR/LF and line breaks inside quotes.</summary>
internal static class CsvText
{
    /// <summary>One record and the 1-based line on which it starts.</summary>
    public readonly record struct Record(int Line, string[] Fields, string Raw);

    public static IEnumerable<Record> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var raw = new StringBuilder();
        var line = 1;
        var start = 1;
        var inQuotes = false;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                        raw.Append("\"\"");
                        continue;
                    }
                    inQuotes = false;
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }
                    field.Append(ch);
                }
                raw.Append(ch);
                continue;
            }
            switch (ch)
            {
                case '"':
                    inQuotes = true;
                    any = true;
                    raw.Append(ch);
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    raw.Append(ch);
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    yield return new Record(start, [.. fields], raw.ToString());
                    fields.Clear();
                    field.Clear();
                    raw.Clear();
                    any = false;
                    line++;
                    start = line;
                    break;
                default:
                    field.Append(ch);
                    raw.Append(ch);
                    any = true;
                    break;
            }
        }
        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new Record(start, [.. fields], raw.ToString());
        }
    }
}
