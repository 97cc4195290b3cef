using Monitor.Core.Cadence;
using Monitor.Data.Cadence;
using Monitor.Worker.Cadence;
using Monitor.Worker.Cli;

namespace Monitor.Worker.Api;

internal static class TagEndpoints
{
    private static readonly string[] Statuses = ["fresh", "due", "stale", "unknown", "missing"];
    private static readonly string[] Sorts = ["age", "median", "rebuilds30d", "reference"];

    public sealed record TagPage(int Total, int Page, int PageSize, DateTimeOffset? SnapshotAt, IReadOnlyList<TagCadenceView> Items);

    public static void MapTagEndpoints(this IEndpointRouteBuilder app)
    {
        var tags = app.MapGroup("/api/tags").WithTags("tags");
        tags.MapGet("/", List).WithSummary("Every watched tag with its cadence summary and staleness");
        tags.MapGet("/{**reference}", DetailAsync).WithSummary("One tag: revisions with platforms and detection windows, weekly/monthly buckets, statistics");
    }

    private static IResult List(
        CadenceSnapshot snapshot, TimeProvider time,
        string? registry = null, string? repository = null, string? status = null, string? group = null,
        string sort = "age", string order = "desc", int page = 1, int pageSize = 100)
    {
        if (status is not null && !Statuses.Contains(status))
        {
            return Results.Problem($"status must be one of {string.Join(", ", Statuses)}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!Sorts.Contains(sort) || order is not ("asc" or "desc"))
        {
            return Results.Problem($"sort must be one of {string.Join(", ", Sorts)} and order asc or desc", statusCode: StatusCodes.Status400BadRequest);
        }

        if (page < 1 || pageSize is < 1 or > 1000)
        {
            return Results.Problem("page must be ≥ 1 and pageSize between 1 and 1000", statusCode: StatusCodes.Status400BadRequest);
        }

        var views = snapshot.Views(time.GetUtcNow()).Where(v =>
            (registry is null || v.Registry == registry) &&
            (repository is null || v.Repository == repository) &&
            (status is null || v.Status == status) &&
            (group is null || v.Group == group));
        var ordered = Sort(views, sort, order == "desc").ToList();
        return Results.Ok(new TagPage(ordered.Count, page, pageSize, snapshot.RefreshedAt, [.. ordered.Skip((page - 1) * pageSize).Take(pageSize)]));
    }

    private static IEnumerable<TagCadenceView> Sort(IEnumerable<TagCadenceView> views, string sort, bool descending)
    {
        Func<TagCadenceView, double> key = sort switch
        {
            "median" => v => v.MedianIntervalSeconds ?? double.NaN,
            "rebuilds30d" => v => v.Rebuilds30d,
            "age" => v => v.AgeSeconds ?? double.NaN,
            _ => _ => 0,
        };
        if (sort == "reference")
        {
            return descending ? views.OrderByDescending(v => v.Reference, StringComparer.Ordinal) : views.OrderBy(v => v.Reference, StringComparer.Ordinal);
        }

        // Unknown values (NaN) sort last either way.
        return descending
            ? views.OrderBy(v => double.IsNaN(key(v))).ThenByDescending(key).ThenBy(v => v.Reference, StringComparer.Ordinal)
            : views.OrderBy(v => double.IsNaN(key(v))).ThenBy(key).ThenBy(v => v.Reference, StringComparer.Ordinal);
    }

    private static async Task<IResult> DetailAsync(string reference, HistoryReader history, CadenceSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!WatchCommand.TryParseWatchable(reference, out var image, out var error))
        {
            return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid image reference");
        }

        var tag = await history.FindTagAsync(image!.Registry, image.Repository, image.Tag!, cancellationToken);
        if (tag is null)
        {
            return Results.Problem($"{image.Canonical} is not watched.", statusCode: StatusCodes.Status404NotFound);
        }

        var revisions = (await history.LoadRevisionsAsync([tag.Id], withPlatforms: true, cancellationToken))[tag.Id];
        var now = time.GetUtcNow();
        var summary = CadenceCalculator.Summarise(CadenceMapping.ToObservations(revisions), now, settings.ToCadenceOptions());
        var view = TagCadenceView.Project(TagCadence.From(tag, summary, now), settings.ToPolicy(), now);
        return Results.Ok(new TagDetail(view, revisions.Select(RevisionView.From).ToList(),
            summary.Events.Select(e => new EventView(e.Time, e.TimeSource.ToString(), e.DetectionWindowStart, e.DetectionWindowEnd, e.ChangeCount, e.IsRollback, e.Digest)).ToList(),
            summary.Weekly.Select(b => new BucketView(b.Label, b.Start, b.Count)).ToList(),
            summary.Monthly.Select(b => new BucketView(b.Label, b.Start, b.Count)).ToList()));
    }

    public sealed record TagDetail(TagCadenceView Summary, IReadOnlyList<RevisionView> Revisions, IReadOnlyList<EventView> Events, IReadOnlyList<BucketView> Weekly, IReadOnlyList<BucketView> Monthly);

    public sealed record EventView(DateTimeOffset Time, string TimeSource, DateTimeOffset? DetectedAfter, DateTimeOffset DetectedBy, int Changes, bool IsRollback, string Digest);

    public sealed record BucketView(string Label, DateOnly Start, int Rebuilds);

    public sealed record RevisionView(string Digest, string MediaType, DateTimeOffset FirstSeenAt, DateTimeOffset? PreviousCheckAt, DateTimeOffset? PushedAt, bool IsBaseline, bool IsRollback, IReadOnlyList<string> Platforms)
    {
        public static RevisionView From(StoredRevision r) => new(r.Digest, r.MediaType, r.FirstSeenAt, r.PreviousCheckAt, r.PushedAt, r.IsBaseline, r.IsRollback,
            [.. r.Platforms.Select(p => p.Variant.Length == 0 ? $"{p.Os}/{p.Architecture}={p.Digest}" : $"{p.Os}/{p.Architecture}/{p.Variant}={p.Digest}")]);
    }
}
