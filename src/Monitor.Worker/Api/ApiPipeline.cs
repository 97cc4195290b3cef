using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Monitor.Worker.Api;

/// <summary>
/// The API's services and middleware besides its endpoints: validated options, problem documents (RFC 9457) for every
/// error, and the per-client rate limit of mutations.
/// </summary>
public static class ApiPipeline
{
    public static IServiceCollection AddMonitorApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidation>();
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();

        // Binding failures (GET /api/tags?page=abc) throw instead of answering an empty 400, so the handler can name them.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy<string, MutationRateLimitPolicy>(MutationRateLimitPolicy.Name);
        });
        return services;
    }

    public static WebApplication UseMonitorApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();

        // Errors the endpoints do not describe themselves (an unknown path, a wrong method) get a problem document too.
        app.UseWhen(context => IsApiRequest(context.Request), api => api.UseStatusCodePages());
        app.UseRateLimiter();
        return app;
    }

    /// <summary>A request for the API, whose errors are problem documents (the pages answer everything else).</summary>
    public static bool IsApiRequest(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.Ordinal);

    /// <summary>What every mutation gets: the API key and the per-client rate limit, with their answers in the OpenAPI document.</summary>
    public static TBuilder RequireMutationAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter<TBuilder, ApiKeyFilter>().RequireRateLimiting(MutationRateLimitPolicy.Name);
        foreach (var status in new[] { StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests })
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        }

        return builder;
    }
}
