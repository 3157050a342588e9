using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Tests.Unit;

/// <summary>Content's Markdown links stay on this site: no script URLs, no other hosts.</summary>
public sealed class MarkdownLinkTests
{
    [Fact]
    public void LinksToAnotherHostOrAScriptAreShownAsTheirTextOnly()
    {
        var html = Markdown.ToHtml("""
            见 [甲](javascript:alert(1)) 与 [乙](JaVaScRiPt&#58;alert(2)) 和 [丙](https://evil.example/x) 和 [丁](//evil.example/y)
            以及 [戊](data:text/html,<b>x</b>) ![图](http://evil.example/p.png)

            本站：[条款](/regulations/BM-LAW#c28) [同页](#top) [相对](other/page) [带参数](/verify?c=abc:def)
            """).Value;

        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        foreach (var text in new[] { "甲", "乙", "丙", "丁", "戊", "图" })
        {
            Assert.Contains(text, html, StringComparison.Ordinal);
        }

        Assert.Contains("<a href=\"/regulations/BM-LAW#c28\">条款</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#top\">同页</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"other/page\">相对</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/verify?c=abc:def\">带参数</a>", html, StringComparison.Ordinal);
    }
}
