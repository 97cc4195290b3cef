using System.Buffers;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitor.Core;
using Monitor.Core.Reading;
using Monitor.Core.Staleness;
using Monitor.Data.Watches;
using Monitor.Worker.Cadence;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Api;

internal static class TagEndpoints
{
    private static readonly string[] Sorts = ["age", "median", "rebuilds30d", "reference"];

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
        string? registry = null, string? repository = null, string? status = null, string? group = null,
        string sort = "age", string order = "desc", int page = 1, int pageSize = 100)
    {
        StalenessStatus? only = null;
        if (status is not null)
        {
            if (!WireNames.StalenessStatuses.TryParse(status, out var parsed))
            {
                return TypedResults.Problem($"status must be one of {string.Join(", ", WireNames.StalenessStatuses.Names)}", statusCode: StatusCodes.Status400BadRequest);
            }

            only = parsed;
        }

        if (!Sorts.Contains(sort) || order is not ("asc" or "desc"))
        {
            return TypedResults.Problem($"sort must be one of {string.Join(", ", Sorts)} and order asc or desc", statusCode: StatusCodes.Status400BadRequest);
        }

        if (page < 1 || pageSize is < 1 or > 1000)
        {
            return TypedResults.Problem("page must be ≥ 1 and pageSize between 1 and 1000", statusCode: StatusCodes.Status400BadRequest);
        }

        // Filter and sort light rows (the reading and the sort key) in a pooled array; only the requested page becomes
        // full views. Projecting and sorting all 10,000 views per request made it the service's main allocation.
        var (now, policy) = (time.GetUtcNow(), settings.ToPolicy());
        var tags = snapshot.Tags;
        var rows = ArrayPool<Row>.Shared.Rent(Math.Max(1, tags.Count));
        try
        {
            var count = 0;
            foreach (var cadence in tags)
            {
                var tag = cadence.Tag;
                if ((registry is not null && tag.Reference.Registry != registry) || (repository is not null && tag.Reference.Repository != repository) ||
                    (group is not null && tag.WatchGroup != group))
                {
                    continue;
                }

                var reading = cadence.ReadAt(now, policy);
                if (only is null || reading.Status == only)
                {
                    rows[count++] = new Row(tag, reading, SortKey(sort, reading), tag.Reference.Canonical);
                }
            }

            var (byReference, descending) = (sort == "reference", order == "desc");
            var matching = rows.AsSpan(0, count);
            matching.Sort((a, b) => Compare(a, b, byReference, descending));
            var start = (int)Math.Min(count, (page - 1L) * pageSize);
            var items = new List<TagCadenceView>(Math.Min(pageSize, count - start));
            foreach (var row in matching.Slice(start, Math.Min(pageSize, count - start)))
            {
                items.Add(TagCadenceView.From(row.Tag, row.Reading));
            }

            return TypedResults.Ok(new TagPage(count, page, pageSize, snapshot.RefreshedAt, items));
        }
        finally
        {
            ArrayPool<Row>.Shared.Return(rows, clearArray: true);
        }
    }

    private readonly record struct Row(WatchedTagRow Tag, TagCadenceReading Reading, double Key, string Reference);

    /// <summary>The view's value for the sort (<see cref="TagCadenceView.AgeSeconds"/>, …); NaN when unknown.</summary>
    private static double SortKey(string sort, TagCadenceReading reading) => sort switch
    {
        "median" => reading.Intervals?.Median.TotalSeconds ?? double.NaN,
        "rebuilds30d" => reading.Recent.Last30Days,
        "age" => reading.Age?.TotalSeconds ?? double.NaN,
        _ => 0,
    };

    /// <summary>By reference alone; else by key, unknown (NaN) last either way, ties by reference ascending.</summary>
    private static int Compare(Row a, Row b, bool byReference, bool descending)
    {
        if (byReference)
        {
            var reference = string.CompareOrdinal(a.Reference, b.Reference);
            return descending ? -reference : reference;
        }

        var (aUnknown, bUnknown) = (double.IsNaN(a.Key), double.IsNaN(b.Key));
        if (aUnknown != bUnknown)
        {
            return aUnknown ? 1 : -1;
        }

        var byKey = aUnknown ? 0 : a.Key.CompareTo(b.Key);
        return byKey != 0 ? (descending ? -byKey : byKey) : string.CompareOrdinal(a.Reference, b.Reference);
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
