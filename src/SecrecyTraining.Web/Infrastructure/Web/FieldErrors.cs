using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>A form's problems beside their fields, as the editors' views show them ("" is the form as a whole).</summary>
public static class FieldErrors
{
    /// <summary>The field's problems in one line; null when it has none.</summary>
    public static string? ErrorOf(this ModelStateDictionary state, string field) =>
        state.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    /// <summary>Bootstrap's invalid class (with its leading space) for a field with a problem.</summary>
    public static string InvalidClass(this ModelStateDictionary state, string field) => state.ErrorOf(field) is null ? "" : " is-invalid";
}
