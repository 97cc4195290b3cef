# syntax=docker/dockerfile:1
# Monitor: build with the .NET SDK, run on the shell-less, non-root chiseled ASP.NET Core runtime.
#   docker build -t monitor:local .
#   docker run --rm -p 8080:8080 -e ConnectionStrings__Monitor="Host=...;Database=monitor;..." monitor:local
# The same image runs the CLI verbs: `docker run --rm monitor:local migrate`. It runs with a read-only root filesystem
# (docker run --read-only --tmpfs /tmp); secrets can come from files, e.g. -e Database__Password_FILE=/run/secrets/db.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from project files only, so the package layer survives source edits.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Monitor.Core/Monitor.Core.csproj src/Monitor.Core/
COPY src/Monitor.Registry/Monitor.Registry.csproj src/Monitor.Registry/
COPY src/Monitor.Data/Monitor.Data.csproj src/Monitor.Data/
COPY src/Monitor.Worker/Monitor.Worker.csproj src/Monitor.Worker/
COPY migrations/Monitor.Migrations/Monitor.Migrations.csproj migrations/Monitor.Migrations/
RUN dotnet restore src/Monitor.Worker/Monitor.Worker.csproj

COPY src/ src/
COPY migrations/ migrations/
RUN dotnet publish src/Monitor.Worker/Monitor.Worker.csproj \
        --configuration Release --no-restore --output /app \
        -p:UseAppHost=false

# Chiseled Ubuntu: no shell, no package manager, non-root user `app` (uid $APP_UID = 1654).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Urls=http://0.0.0.0:8080
# Application files stay owned by root: the app user can read them, not rewrite them.
COPY --from=build /app ./
USER $APP_UID
EXPOSE 8080
# No shell or curl in the image: the service's own `health` verb GETs /healthz on Urls (127.0.0.1 for 0.0.0.0).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s CMD ["dotnet", "monitor.dll", "health"]
ENTRYPOINT ["dotnet", "monitor.dll"]
