using Microsoft.AspNetCore.WebUtilities;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Observability;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.Faults;

/// <summary>
/// <c>n</c> + RFC 5988 <c>Link</c> paging as distribution 3, GHCR and Harbor do it (distribution 2.8, the
/// registry the integration tests run, answers in one page and ignores <c>n</c>).
/// </summary>
public sealed class TagListPaginationTests
{
    private static readonly ImageReference Repository = ImageReference.Parse("paged.test/team/app");
    private static readonly string[] AllTags = [.. Enumerable.Range(0, 25).Select(i => $"t{i:00}")];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Twenty_five_tags_in_pages_of_ten_take_three_requests(bool absoluteLinks)
    {
        var stub = Paginating(absoluteLinks ? "https://paged.test" : "");
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var result = await host.Client.ListTagsAsync(Repository, 10, Cancel);

        var found = Assert.IsType<TagListResult.Found>(result);
        Assert.Equal(AllTags, found.Tags);
        Assert.Equal(3, found.Pages);
        Assert.Equal(
            ["?n=10", "?n=10&last=t09", "?n=10&last=t19"],
            stub.Requests.Select(r => r.Uri.Query));
        Assert.All(stub.Requests, r => Assert.Equal("/v2/team/app/tags/list", r.Uri.AbsolutePath));
    }

    [Fact]
    public async Task Link_to_another_host_is_not_followed()
    {
        var stub = Paginating("https://elsewhere.test");
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var result = await host.Client.ListTagsAsync(Repository, 10, Cancel);

        var failure = Assert.IsType<TagListResult.Failed>(result).Failure;
        Assert.Equal(RegistryRequestOutcome.InvalidResponse, failure.Kind);
        Assert.Contains("leaves the registry", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(0, stub.CountHost("elsewhere.test"));
    }

    [Fact]
    public async Task Link_pointing_back_at_a_page_already_read_ends_in_failure()
    {
        var stub = new StubHandler(_ =>
        {
            var response = Responses.Json(new { name = "team/app", tags = new[] { "a" } });
            response.Headers.TryAddWithoutValidation("Link", "</v2/team/app/tags/list?n=1&last=a>; rel=\"next\"");
            return response;
        });
        await using var host = new RegistryTestHost(primaryHandler: stub);

        var result = await host.Client.ListTagsAsync(Repository, 1, Cancel);

        Assert.Contains("pagination does not end", Assert.IsType<TagListResult.Failed>(result).Failure.Reason, StringComparison.Ordinal);
        Assert.Equal(2, stub.Requests.Count);
    }

    /// <summary>Serves <see cref="AllTags"/> in pages of <c>n</c> after <c>last</c>, like distribution 3.</summary>
    private static StubHandler Paginating(string linkPrefix) => new(request =>
    {
        var query = QueryHelpers.ParseQuery(request.RequestUri!.Query);
        var n = int.Parse(query["n"]!, System.Globalization.CultureInfo.InvariantCulture);
        var last = query.TryGetValue("last", out var value) ? value.ToString() : null;
        var page = AllTags.Where(t => last is null || string.CompareOrdinal(t, last) > 0).Take(n).ToArray();
        var response = Responses.Json(new { name = "team/app", tags = page });
        if (page.Length == n && page[^1] != AllTags[^1])
        {
            response.Headers.TryAddWithoutValidation("Link", $"<{linkPrefix}/v2/team/app/tags/list?n={n}&last={page[^1]}>; rel=\"next\"");
        }

        return response;
    });
}
