using Microsoft.AspNetCore.Http.HttpResults;
using Monitor.Worker.Cadence;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Api;

internal static class TagEndpoints
{
    public sealed record TagPage(int Total, int Page, int PageSize, DateTimeOffset? SnapshotAt, IReadOnlyList<TagCadenceView> Items);

    public static void MapTagEndpoints(this IEndpointRouteBuilder app)
    {
        var tags = app.MapGroup("/api/tags").WithTags("tags");
        tags.MapGet("/", List).WithSummary("Every watched tag with its cadence summary and staleness")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        tags.MapGet("/{**reference}", DetailAsync).WithSummary("One tag: revisions with platforms and detection windows, weekly/monthly buckets, statistics")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Results<Ok<TagPage>, ProblemHttpResult> List(
        CadenceSnapshot snapshot, CadenceSettings settings, TimeProvider time,
        string? registry = null, string? repository = null, string? status = null, string? group = null, string? search = null,
        string sort = "age", string order = "desc", int page = 1, int pageSize = 100)
    {
        if (!FleetQuery.TryParse(registry, repository, group, status, search, sort, order, page, pageSize, out var query, out var error))
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest);
        }

        var result = query.Run(snapshot.Tags, time.GetUtcNow(), settings.ToPolicy());
        return TypedResults.Ok(new TagPage(result.Total, page, pageSize, snapshot.RefreshedAt, [.. result.Items.Select(i => TagCadenceView.From(i.Tag, i.Reading))]));
    }

    private static async Task<Results<Ok<TagDetail>, ProblemHttpResult>> DetailAsync(string reference, TagDetailReader details, CancellationToken cancellationToken)
    {
        if (!WatchableReference.TryParse(reference, out var name, out var error))
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid image reference");
        }

        return await details.ReadAsync(name, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : TypedResults.Problem($"{name.Canonical} is not watched.", statusCode: StatusCodes.Status404NotFound);
    }
}
