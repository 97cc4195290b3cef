namespace Monitor.Testing.Prometheus;

public enum QueryLanguage
{
    PromQl,
    Sql,
}
