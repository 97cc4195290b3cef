using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Monitor.Worker.Tests.Web;

/// <summary>What the pages show, read from the DOM the way a person would see it (text) and exactly (data attributes).</summary>
internal static class PageReading
{
    /// <param name="Status">The status word of the row's badge.</param>
    /// <param name="AgeSeconds">The age cell's exact value; null when it shows none.</param>
    /// <param name="NextDue">The <c>datetime</c> of the next-rebuild cell; null when it shows none.</param>
    public sealed record FleetRow(
        string Reference, string Href, string Status, string Age, double? AgeSeconds, string Median, double? MedianSeconds, int Rebuilds30d,
        DateTimeOffset? NextDue, string Poll, string LastError);

    public sealed record ComparisonRow(string Name, string Href, int Tags, string Median, double? MedianSeconds, string Rate, double? RatePerMonth);

    public sealed record Bucket(string Label, string Start, int Rebuilds);

    public static async Task<List<FleetRow>> FleetRowsAsync(IPage page)
    {
        var rows = await page.Locator("table.fleet tbody tr").EvaluateAllAsync<JsonElement>("""
            rows => rows.map(r => {
              const cell = label => r.querySelector(`[data-label="${label}"]`);
              const time = cell('Next rebuild due').querySelector('time');
              return [r.querySelector('th a').textContent, r.querySelector('th a').getAttribute('href'), r.querySelector('.badge').textContent.trim(),
                cell('Age').textContent.trim(), cell('Age').dataset.value ?? null, cell('Median interval').textContent.trim(), cell('Median interval').dataset.value ?? null,
                cell('Rebuilds in 30 d').textContent.trim(), time ? time.getAttribute('datetime') : null, cell('Poll').textContent.trim(), cell('Last error').textContent.trim()];
            })
            """);
        return [.. rows.EnumerateArray().Select(r => new FleetRow(
            Text(r[0]), Text(r[1]), Text(r[2]), Text(r[3]), Number(r[4]), Text(r[5]), Number(r[6]), int.Parse(Text(r[7]), CultureInfo.InvariantCulture),
            r[8].ValueKind == JsonValueKind.Null ? null : DateTimeOffset.Parse(Text(r[8]), CultureInfo.InvariantCulture), Text(r[9]), Text(r[10])))];
    }

    public static async Task<List<string>> FleetReferencesAsync(IPage page) => [.. (await FleetRowsAsync(page)).Select(r => r.Reference)];

    /// <summary>The rows of the comparison table in the section headed <paramref name="sectionTitleId"/>.</summary>
    public static async Task<List<ComparisonRow>> ComparisonRowsAsync(IPage page, string sectionTitleId)
    {
        var rows = await page.Locator($"section:has(#{sectionTitleId}) table.comparison tbody tr").EvaluateAllAsync<JsonElement>("""
            rows => rows.map(r => {
              const cells = r.querySelectorAll('td');
              return [r.querySelector('th a').textContent, r.querySelector('th a').getAttribute('href'), cells[0].textContent.trim(),
                cells[1].querySelector('.value').textContent.trim(), cells[1].dataset.value ?? null,
                cells[2].querySelector('.value').textContent.trim(), cells[2].dataset.value ?? null];
            })
            """);
        return [.. rows.EnumerateArray().Select(r => new ComparisonRow(
            Text(r[0]), Text(r[1]), int.Parse(Text(r[2]), CultureInfo.InvariantCulture), Text(r[3]), Number(r[4]), Text(r[5]), Number(r[6])))];
    }

    /// <summary>The values table beside the chart in the section headed <paramref name="sectionTitleId"/>.</summary>
    public static async Task<List<Bucket>> BucketTableAsync(IPage page, string sectionTitleId)
    {
        var rows = await page.Locator($"section:has(#{sectionTitleId}) table.buckets tbody tr").EvaluateAllAsync<JsonElement>(
            "rows => rows.map(r => [...r.querySelectorAll('th, td')].map(c => c.textContent.trim()))");
        return [.. rows.EnumerateArray().Select(r => new Bucket(Text(r[0]), Text(r[1]), int.Parse(Text(r[2]), CultureInfo.InvariantCulture)))];
    }

    /// <summary>The height of each bar the chart drew (MudChart draws a bar as a thick line <c>M x y0 L x y1</c>), left to right.</summary>
    public static async Task<List<double>> BarHeightsAsync(IPage page, string sectionTitleId)
    {
        var paths = await page.Locator($"section:has(#{sectionTitleId}) svg path.mud-chart-bar").EvaluateAllAsync<string[]>("bars => bars.map(b => b.getAttribute('d'))");
        return [.. paths.Select(d =>
        {
            var numbers = d.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t is not ("M" or "L")).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            return numbers[1] - numbers[3];
        })];
    }

    /// <summary>The element that has the keyboard focus: its tag, name or href, and whether it shows a focus outline.</summary>
    public static Task<string[]> FocusedAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
          const e = document.activeElement;
          const style = getComputedStyle(e);
          return [e.tagName.toLowerCase(), e.getAttribute('name') ?? e.getAttribute('href') ?? e.textContent.trim(), String(style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)];
        }
        """);

    /// <summary>How far the page is wider than the viewport (0: no horizontal scrolling).</summary>
    public static Task<int> HorizontalOverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth");

    private static string Text(JsonElement value) => value.GetString() ?? "";

    private static double? Number(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : double.Parse(Text(value), CultureInfo.InvariantCulture);
}
