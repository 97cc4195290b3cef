using Microsoft.AspNetCore.Http.HttpResults;
using Monitor.Core.History;
using Monitor.Data.Watches;
using Monitor.Worker.Backfill;
using Monitor.Worker.Cadence;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Api;

internal static class BackfillEndpoints
{
    private const string Suffix = "/backfill";

    /// <summary>
    /// <c>POST /api/tags/{reference}/backfill</c>. The reference has slashes, so the route takes the whole rest of the path
    /// and requires it to end in <c>/backfill</c>.
    /// </summary>
    public static void MapBackfillEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/tags/{**target:regex(^.+/backfill$)}", BackfillAsync).RequireMutationAccess().WithTags("tags")
            .WithSummary("Back-fill a watched tag's history from its registry (Chainguard, Quay): POST /api/tags/{reference}/backfill")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway);

    private static async Task<Results<Ok<BackfillView>, ProblemHttpResult>> BackfillAsync(
        string target, WatchStore watches, Backfiller backfiller, CadenceSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (!WatchableReference.TryParse(target[..^Suffix.Length], out var tag, out var error))
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid image reference");
        }

        // Only tags already watched: their registries are polled anyway, so this makes Monitor ask no new host.
        if (await watches.FindAsync(tag, cancellationToken) is not { Enabled: true } row)
        {
            return TypedResults.Problem($"{tag.Canonical} is not watched.", statusCode: StatusCodes.Status404NotFound);
        }

        var result = await backfiller.BackfillAsync(row, cancellationToken);
        if (result.Outcome == BackfillOutcome.Failed)
        {
            return TypedResults.Problem($"The tag history of {tag.Canonical} could not be read, nothing was stored: {result.Failure}",
                statusCode: StatusCodes.Status502BadGateway, title: "Registry history unavailable");
        }

        if (result.Added > 0)
        {
            await snapshot.RefreshAsync(cancellationToken);
        }

        return TypedResults.Ok(BackfillView.From(result));
    }
}
