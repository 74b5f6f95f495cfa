package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.ValidationErrors;

/** What a refused form says, next to each field and above the form. */
class FormTest {
  @Test
  void aLabelledFieldIsNamedAndAnUnlabelledOneIsSaidNextToIt() {
    ServiceException refused = new ValidationErrors()
        .add("display_name", "ERR_TOO_LONG", "is too long (maximum is 30 characters)")
        .add("username", "ERR_TAKEN", "is taken")
        .add("email", "ERR_BLANK", "can't be blank")
        .add("source.privacy", "ERR_INCLUSION", "is not public, unlisted or private.")
        .toException();
    Form form = Form.empty().with("display_name", "typed").failed(refused,
        Map.of("display_name", "Display name", "username", "Username", "email", "Email address"));
    assertEquals("Display name is too long (maximum is 30 characters).", form.error("display_name"));
    assertEquals("This username is already taken.", form.error("username"));
    assertEquals("Email address is required.", form.error("email"));
    assertEquals("Is not public, unlisted or private.", form.error("source.privacy"));
    assertEquals("typed", form.value("display_name"), "what was typed stays");
    assertTrue(form.hasError("email"));
    assertNull(form.alert());
  }

  @Test
  void aFailureWithoutFieldsIsTheAlert() {
    Form form = Form.empty().failed(new ServiceException(422, "Validation failed: the file names nothing"),
        Map.of());
    assertEquals("The file names nothing.", form.alert());
    assertTrue(form.hasErrors());
    assertFalse(form.hasError(""));
  }

  @Test
  void anErrorCanBeSaidWithoutAFailure() {
    Form form = Form.empty().withError("name", "Use letters.");
    assertEquals("Use letters.", form.error("name"));
    assertTrue(form.hasErrors());
    assertFalse(Form.empty().hasErrors());
  }
}
