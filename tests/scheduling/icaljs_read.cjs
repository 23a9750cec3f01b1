// Reads calendars with Mozilla's ical.js (Thunderbird's parser), as tests/scheduling/test_icaljs.py
// asks: a JSON list of iCalendar texts on stdin, a JSON list of what ical.js made of each on stdout.
"use strict";
const ICAL = require("ical.js");

function read(text) {
  try {
    const calendar = new ICAL.Component(ICAL.parse(text));
    return {
      method: calendar.getFirstPropertyValue("method"),
      events: calendar.getAllSubcomponents("vevent").map((vevent) => {
        const event = new ICAL.Event(vevent);
        return {
          uid: event.uid,
          sequence: event.sequence,
          status: vevent.getFirstPropertyValue("status"),
          summary: event.summary,
          start: event.startDate.toJSDate().toISOString(),
          end: event.endDate.toJSDate().toISOString(),
          attendees: event.attendees.map((a) => a.getFirstValue()),
        };
      }),
    };
  } catch (error) {
    return { error: String(error) };
  }
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => process.stdout.write(JSON.stringify(JSON.parse(input).map(read))));
