namespace Monitor.Testing.Prometheus;

/// <summary>Where a query lives.</summary>
public enum QueryOrigin
{
    DashboardPanel,
    DashboardVariable,
    DashboardAnnotation,
    AlertRule,
    RecordingRule,
}

/// <summary>A PromQL expression found in a dashboard or rule file: as written, and ready to run.</summary>
/// <param name="File">Repository-relative path of the file.</param>
/// <param name="Location">Human-readable position, e.g. <c>panel 7 "Watched tags by urgency" / B</c>.</param>
/// <param name="Origin">Panel target, variable, annotation or rule.</param>
/// <param name="Template">The text as written (with Grafana variables and macros).</param>
/// <param name="Expr">The text with every macro and variable replaced by a concrete value.</param>
public sealed record PromQlExpression(string File, string Location, QueryOrigin Origin, string Template, string Expr)
{
    public override string ToString() => $"{File} {Location}";
}

/// <summary>A SQL query of a PostgreSQL panel, variable or annotation: as written, and ready to run.</summary>
public sealed record SqlQuery(string File, string Location, QueryOrigin Origin, string Template, string Sql)
{
    public override string ToString() => $"{File} {Location}";
}
