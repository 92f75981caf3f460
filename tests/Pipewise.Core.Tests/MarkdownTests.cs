using Pipewise.Core.Reporting;

namespace Pipewise.Core.Tests;

[TestClass]
public sealed class MarkdownTests
{
    [TestMethod]
    public void Escape_HostileBranchName_CannotInjectHtmlLinksOrLines()
    {
        var escaped = Markdown.Escape("main<script>alert(1)</script>[x](http://evil)\n## heading");

        Assert.IsFalse(escaped.Contains('<', StringComparison.Ordinal));
        Assert.IsFalse(escaped.Contains('\n', StringComparison.Ordinal));
        Assert.IsFalse(escaped.Contains("](", StringComparison.Ordinal));
        StringAssert.Contains(escaped, "&lt;script&gt;");
    }

    [TestMethod]
    public void CodeFence_ContentWithFence_CannotCloseIt()
    {
        var block = Markdown.CodeFence("yaml", "a: 1\n```\nevil");

        StringAssert.StartsWith(block, "````yaml");
        StringAssert.EndsWith(block, "````");
    }
}
