package org.plutro.server.http.web.compose;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.web.Form;
import org.plutro.server.service.StatusService;

/** A refusal of the post service said next to the compose form's field that caused it. */
final class ComposeErrors {
  /** The service's field names and the form's. */
  private static final Map<String, String> FIELDS = Map.of("text", "status", "poll", "poll",
      "visibility", "visibility", "quote_approval_policy", "quote_approval_policy", "description", "media");

  private ComposeErrors() {}

  static Form said(Form form, ServiceException failure) {
    JsonObject details = failure.details();
    if (details == null || details.isEmpty()) {
      return new Form(form.values(), form.errors(), alert(failure));
    }
    Form said = form;
    for (String field : details.fieldNames()) {
      JsonArray problems = details.getJsonArray(field);
      if (problems == null || problems.isEmpty()) {
        continue;
      }
      JsonObject first = problems.getJsonObject(0);
      String name = FIELDS.getOrDefault(field, field);
      if (!said.hasError(name)) {
        said = said.withError(name, message(field, first.getString("error", ""),
            first.getString("description", "is not valid")));
      }
    }
    return said;
  }

  private static String message(String field, String code, String description) {
    return switch (field + ":" + code) {
      case "text:ERR_TOO_LONG" -> "Your post is too long: at most " + StatusService.MAX_CHARACTERS
          + " characters, the content warning included. Shorten it and post again.";
      case "text:ERR_BLANK" -> "Write something, or add a picture.";
      case "poll:ERR_INVALID" -> "The poll " + description + ".";
      case "description:ERR_TOO_LONG" -> "An alt text " + description + ".";
      default -> sentence(description);
    };
  }

  private static String alert(ServiceException failure) {
    if (failure.status() == 404) {
      return "The post you answer or quote is gone, or you may not see it.";
    }
    return sentence(failure.getMessage().replaceFirst("^Validation failed: ", ""));
  }

  private static String sentence(String text) {
    String said = text == null ? "" : text.strip();
    if (said.isEmpty()) {
      return "This is not valid.";
    }
    said = Character.toUpperCase(said.charAt(0)) + said.substring(1);
    return said.endsWith(".") ? said : said + ".";
  }
}
