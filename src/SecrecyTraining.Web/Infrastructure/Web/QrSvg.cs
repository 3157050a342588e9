using System.Globalization;
using System.Text;
using QRCoder;

namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>A QR code as inline SVG (one path of dark modules with a quiet zone), for a page to show; nothing is fetched.</summary>
public static class QrSvg
{
    public static string Render(string text, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var count = matrix.Count;
        const int quiet = 4;
        var path = new StringBuilder();
        for (var row = 0; row < count; row++)
        {
            for (var column = 0; column < count; column++)
            {
                if (matrix[row][column])
                {
                    path.Append(CultureInfo.InvariantCulture, $"M{column + quiet} {row + quiet}h1v1h-1z");
                }
            }
        }

        var size = count + 2 * quiet;
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(label)}\">"
               + $"<rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>";
    }
}
