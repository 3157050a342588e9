namespace SecrecyTraining.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}
