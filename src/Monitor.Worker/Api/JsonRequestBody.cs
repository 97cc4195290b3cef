using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;

namespace Monitor.Worker.Api;

/// <summary>Reads a value of <typeparamref name="T"/> from a JSON element, or says what is wrong with it (naming the field).</summary>
internal delegate bool JsonShape<T>(JsonElement body, out T? value, out string? error);

/// <summary>
/// A mutation's JSON body, read by the endpoint itself so that every way it can be wrong gets its own problem document:
/// none (400), not JSON by its Content-Type (415), larger than <see cref="MaxBytes"/> (413), not valid JSON (400, with
/// line and byte), or not the expected shape (400, naming the field). Messages never quote more than a token of the body.
/// </summary>
internal static class JsonRequestBody
{
    /// <summary>Far above any valid body (a reference is at most 1024 characters).</summary>
    public const int MaxBytes = 16 * 1024;

    public const string InvalidBodyTitle = "Invalid request body";

    private const int MaxReaderMessageLength = 200;

    /// <summary>
    /// Marks an endpoint that reads its body with <see cref="ReadAsync{T}"/>: the server refuses a body over
    /// <see cref="MaxBytes"/>, and the OpenAPI document describes the body as <typeparamref name="T"/> in JSON with the
    /// 413 and 415 answers. (<c>Accepts&lt;T&gt;()</c> would describe it too, but also make routing answer a wrong
    /// Content-Type itself, with an empty 415.)
    /// </summary>
    public static RouteHandlerBuilder AcceptsJsonBody<T>(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new SizeLimit(MaxBytes))
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) => operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            })
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonShape<T> shape, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(shape);
        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        if (!canHaveBody || request.ContentLength == 0)
        {
            return (null, TypedResults.Problem("A JSON body is required.", statusCode: StatusCodes.Status400BadRequest, title: "Request body required"));
        }

        if (!request.HasJsonContentType())
        {
            var given = request.ContentType is { Length: > 0 } type ? $"'{Truncate(type, 100)}'" : "none";
            return (null, TypedResults.Problem($"The body must be JSON with Content-Type application/json (given: {given}).",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type"));
        }

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            body = document.RootElement.Clone();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TypedResults.Problem($"The body is larger than the limit of {MaxBytes} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large"));
        }
        catch (JsonException e)
        {
            return (null, TypedResults.Problem(
                $"The body is not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {ReaderMessage(e)}",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid JSON"));
        }

        return shape(body, out var value, out var error)
            ? (value, null)
            : (null, TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: InvalidBodyTitle));
    }

    /// <summary>"a string", "a number"…, for messages about a value of the wrong type.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    public static string Truncate(string text, int length) => text.Length > length ? text[..length] + "…" : text;

    /// <summary>The reader's own words (they quote one character or token at most), without the position it appends.</summary>
    private static string ReaderMessage(JsonException exception)
    {
        var message = exception.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return Truncate(position < 0 ? message : message[..position], MaxReaderMessageLength);
    }

    private sealed record SizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
