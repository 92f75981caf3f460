using System.Text;

namespace Pipewise.Core.Import;

/// <summary>
/// A streaming RFC 4180 reader: comma-separated, double-quoted fields that may hold commas, quotes ("") and
/// line breaks; CRLF or LF line ends. Reports the line each record starts on, so errors can name it.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    private long line = 1;

    /// <summary>Reads the next record, or null at the end of input.</summary>
    /// <exception cref="FormatException">A quoted field is not closed before the end of input.</exception>
    public CsvRow? Read()
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var startLine = line;
        var inQuotes = false;
        var any = false;
        while (true)
        {
            var next = reader.Read();
            if (next < 0)
            {
                if (inQuotes)
                {
                    throw new FormatException($"line {startLine}: a quoted field is not closed before the end of the file");
                }

                if (!any)
                {
                    return null;
                }

                fields.Add(field.ToString());
                return new CsvRow(startLine, fields);
            }

            any = true;
            var c = (char)next;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    if (reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    line++;
                    fields.Add(field.ToString());
                    return new CsvRow(startLine, fields);
                case '\n':
                    line++;
                    fields.Add(field.ToString());
                    return new CsvRow(startLine, fields);
                default:
                    field.Append(c);
                    break;
            }
        }
    }

    /// <summary>
    /// Opens a CSV file, plain or gzip-compressed (by magic bytes). Reading a gzip file that is truncated, corrupt
    /// or followed by other bytes throws InvalidDataException naming the file and the byte offset.
    /// </summary>
    public static TextReader OpenText(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Stream source = stream;
        var b1 = stream.ReadByte();
        var b2 = stream.ReadByte();
        stream.Position = 0;
        if (b1 == 0x1f && b2 == 0x8b)
        {
            // A truncated or padded gzip file is an error naming the byte offset, never a shorter history.
            source = new CheckedGzipStream(stream, Path.GetFileName(path));
        }

        return new StreamReader(source, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }
}
