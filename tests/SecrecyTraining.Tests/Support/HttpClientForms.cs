using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace SecrecyTraining.Tests.Support;

/// <summary>A file chosen in a form's file input.</summary>
public sealed record FormFile(string Name, string FileName, byte[] Content);

/// <summary>
/// Submits a form the way a browser does: the form is picked on its page by its action (or a CSS selector), and what is
/// sent is that form's own fields — hidden inputs and its anti-forgery token included — with what the test fills in, to
/// that form's action. A field the form does not have, or a choice it does not offer, fails the test: a browser could not
/// send it either.
/// </summary>
public static class HttpClientForms
{
    private static readonly HtmlParser Parser = new();

    /// <summary>Loads <paramref name="formPage"/> and submits its form <paramref name="form"/> (an action path or a CSS selector).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string formPage, string form,
        Dictionary<string, string> fields, params FormFile[] files)
    {
        var html = await client.GetStringAsync(formPage);
        return await client.SubmitFormAsync(html, formPage, form, fields, files);
    }

    /// <summary>Submits a form of a page the test already holds (the answer to an earlier POST, say) found at <paramref name="pageUrl"/>.</summary>
    public static Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string html, string pageUrl, string form,
        Dictionary<string, string> fields, params FormFile[] files) => client.SubmitFormValuesAsync(html, pageUrl, form, fields, files);

    /// <summary>As <see cref="SubmitFormAsync"/>, where one name takes several values (the ticked boxes of a group).</summary>
    public static Task<HttpResponseMessage> SubmitFormValuesAsync(this HttpClient client, string html, string pageUrl, string form,
        IEnumerable<KeyValuePair<string, string>> fields, params FormFile[] files)
    {
        var (action, values, multipart) = Fill(html, pageUrl, form, fields, files);
        HttpContent content;
        if (multipart)
        {
            var body = new MultipartFormDataContent();
            foreach (var (name, value) in values)
            {
                body.Add(new StringContent(value), name);
            }

            foreach (var file in files)
            {
                var part = new ByteArrayContent(file.Content);
                part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                body.Add(part, file.Name, file.FileName);
            }

            content = body;
        }
        else
        {
            content = new FormUrlEncodedContent(values);
        }

        return client.PostAsync(action, content);
    }

    /// <summary>
    /// A request that no form offers — what an attacker holding a signed-in session sends to an action its pages do not
    /// show. It carries the token of <paramref name="tokenForm"/> on <paramref name="tokenPage"/> (tokens belong to the
    /// session, not to a form). Only for tests of refusals; a person's submissions go through <see cref="PostFormAsync"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> CraftedPostAsync(this HttpClient client, string tokenPage, string tokenForm, string action,
        Dictionary<string, string> fields)
    {
        var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = FormToken(await client.GetStringAsync(tokenPage), tokenForm) };
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>The anti-forgery token of one form of the page (the exam page's script sends its form's token with every save).</summary>
    public static string FormToken(string html, string form) =>
        Controls(FindForm(Parser.ParseDocument(html), "/", form)).OfType<IHtmlInputElement>()
            .SingleOrDefault(i => i.Name == "__RequestVerificationToken")?.Value
        ?? throw new Xunit.Sdk.XunitException($"The form {form} carries no anti-forgery token of its own.");

    public static async Task<string> FollowAsync(this HttpClient client, HttpResponseMessage redirect)
    {
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        return await client.GetStringAsync(redirect.Headers.Location);
    }

    private static (string Action, List<KeyValuePair<string, string>> Values, bool Multipart) Fill(
        string html, string pageUrl, string selector, IEnumerable<KeyValuePair<string, string>> fields, FormFile[] files)
    {
        var form = FindForm(Parser.ParseDocument(html), pageUrl, selector);
        Assert.True(string.Equals(form.Method, "post", StringComparison.OrdinalIgnoreCase), $"The form {selector} is not a POST form.");
        var controls = Controls(form).ToList();
        Assert.True(controls.OfType<IHtmlInputElement>().Any(i => i.Name == "__RequestVerificationToken"),
            $"The form {selector} carries no anti-forgery token of its own: a browser's POST would be refused.");

        var values = new List<KeyValuePair<string, string>>();
        foreach (var control in controls)
        {
            values.AddRange(Successful(control));
        }

        foreach (var group in fields.GroupBy(f => f.Key, StringComparer.Ordinal))
        {
            var named = controls.Where(c => c.GetAttribute("name") == group.Key).ToList();
            Assert.True(named.Count > 0, $"The form {selector} has no field named '{group.Key}'.");
            values.RemoveAll(v => v.Key == group.Key);
            foreach (var (name, value) in group.Where(f => !(f.Value.Length == 0 && named.All(IsChoice))))
            {
                Assert.True(Offers(named, value), $"The form {selector} offers no choice '{value}' for '{name}'.");
                values.Add(new(name, value));
            }
        }

        foreach (var file in files)
        {
            Assert.True(controls.OfType<IHtmlInputElement>().Any(i => i.Type == "file" && i.Name == file.Name), $"The form {selector} has no file input '{file.Name}'.");
        }

        var multipart = string.Equals(form.Enctype, "multipart/form-data", StringComparison.OrdinalIgnoreCase);
        return (ActionOf(form, pageUrl), values, multipart);
    }

    private static IHtmlFormElement FindForm(IDocument document, string pageUrl, string selector)
    {
        var forms = document.QuerySelectorAll("form").OfType<IHtmlFormElement>();
        var form = selector.StartsWith('/')
            ? forms.FirstOrDefault(f => SameTarget(ActionOf(f, pageUrl), selector))
            : document.QuerySelector(selector) as IHtmlFormElement;
        return form ?? throw new Xunit.Sdk.XunitException(
            $"The page {pageUrl} has no form {selector}; its forms go to: {string.Join(", ", forms.Select(f => ActionOf(f, pageUrl)))}");
    }

    private static string ActionOf(IHtmlFormElement form, string pageUrl)
    {
        var action = form.GetAttribute("action");
        return string.IsNullOrEmpty(action) ? pageUrl : WebUtility.HtmlDecode(action);
    }

    private static bool SameTarget(string action, string wanted) =>
        wanted.Contains('?', StringComparison.Ordinal) ? action == wanted : action.Split('?')[0] == wanted;

    private static IEnumerable<IElement> Controls(IHtmlFormElement form) =>
        form.Elements.Where(e => e.HasAttribute("name") && !e.HasAttribute("disabled"));

    private static bool IsChoice(IElement control) => control is IHtmlInputElement { Type: "checkbox" or "radio" };

    private static IEnumerable<KeyValuePair<string, string>> Successful(IElement control)
    {
        var name = control.GetAttribute("name")!;
        switch (control)
        {
            case IHtmlInputElement input when input.Type is "submit" or "button" or "reset" or "image" or "file":
                yield break;
            case IHtmlInputElement input when IsChoice(input):
                if (input.IsChecked)
                {
                    yield return new(name, input.GetAttribute("value") ?? "on");
                }

                break;
            case IHtmlInputElement input:
                yield return new(name, input.Value);
                break;
            case IHtmlTextAreaElement textArea:
                yield return new(name, textArea.Value);
                break;
            case IHtmlSelectElement select:
                var chosen = select.Options.Where(o => o.IsSelected).ToList();
                if (chosen.Count == 0 && !select.IsMultiple && select.Options.Length > 0 && select.Options[0] is { } first)
                {
                    chosen.Add(first);
                }

                foreach (var option in chosen)
                {
                    yield return new(name, option.Value);
                }

                break;
        }
    }

    /// <summary>Whether a person could give <paramref name="value"/> to these controls of one name.</summary>
    private static bool Offers(List<IElement> named, string value) => named.Any(control => control switch
    {
        IHtmlInputElement input when IsChoice(input) => (input.GetAttribute("value") ?? "on") == value,
        IHtmlInputElement { Type: "hidden" } hidden => hidden.Value == value, // a person cannot change a hidden field
        IHtmlInputElement input => input.Type is not ("submit" or "button" or "image") || input.Value == value,
        IHtmlButtonElement button => button.Value == value,
        IHtmlSelectElement select => select.Options.Any(o => o.Value == value),
        _ => true,
    });
}
