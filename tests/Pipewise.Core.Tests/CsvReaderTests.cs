using Pipewise.Core.Import;

namespace Pipewise.Core.Tests;

[TestClass]
public sealed class CsvReaderTests
{
    [TestMethod]
    public void Read_QuotedFieldsWithCommasQuotesAndNewlines_TracksStartLines()
    {
        var csv = new CsvReader(new StringReader("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n\"multi\nline\",2\nlast,3"));

        var rows = new List<CsvRow>();
        while (csv.Read() is { } row)
        {
            rows.Add(row);
        }

        Assert.HasCount(4, rows);
        CollectionAssert.AreEqual(new[] { "x,1", "say \"hi\"" }, rows[1].Fields.ToArray());
        Assert.AreEqual("multi\nline", rows[2].Fields[0]);
        Assert.AreEqual(3, rows[2].Line);
        Assert.AreEqual(5, rows[3].Line);
    }

    [TestMethod]
    public void Read_QuotedCommasAndDoubledQuotes_Split()
    {
        var csv = new CsvReader(new StringReader("a,\"b,c\",\"d\"\"e\","));

        CollectionAssert.AreEqual(new[] { "a", "b,c", "d\"e", "" }, csv.Read()!.Fields.ToArray());
    }

    [TestMethod]
    public void Read_UnclosedQuote_ReportsTheLine()
    {
        var csv = new CsvReader(new StringReader("a\n\"open"));
        csv.Read();

        var ex = Assert.ThrowsExactly<FormatException>(() => csv.Read());

        StringAssert.Contains(ex.Message, "line 2");
    }
}
