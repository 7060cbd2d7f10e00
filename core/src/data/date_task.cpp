// dates: one calendar date in many surface forms → ISO 8601 "YYYY-MM-DD".

#include <array>

#include "data/task_generators.h"

namespace attn {
namespace {

const std::array<const char*, 12> kMonthNames = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
const std::array<const char*, 7> kWeekdayNames = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                  "Friday", "Saturday", "Sunday"};

struct CivilDate {
  int year, month, day;  // month 1..12, day 1..31
};

// Days since 1970-01-01 → civil date (proleptic Gregorian; H. Hinnant's algorithm).
CivilDate civil_from_days(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(year_of_era + era * 400 + (month <= 2));
  return {year, month, day};
}

int64_t days_from_civil(int year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// 1970-01-01 was a Thursday (index 3 with Monday = 0).
int weekday_of(int64_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }

std::string ordinal_suffix(int day) {
  if (day >= 11 && day <= 13) return "th";
  switch (day % 10) {
    case 1:
      return "st";
    case 2:
      return "nd";
    case 3:
      return "rd";
    default:
      return "th";
  }
}

std::string two_digits(int value) {
  const int last_two = (value % 100 + 100) % 100;
  return {static_cast<char>('0' + last_two / 10), static_cast<char>('0' + last_two % 10)};
}

// Builds a surface form while remembering where the year, month and day are.
struct SurfaceBuilder {
  std::string text;
  std::vector<int> year, month, day;  // source character positions

  void literal(const std::string& s) { text += s; }
  void field(std::vector<int>& positions, const std::string& s) {
    for (size_t i = 0; i < s.size(); ++i) positions.push_back(static_cast<int>(text.size() + i));
    text += s;
  }
};

// Positions in the ISO target: YYYY-MM-DD. A digit of the target looks at the
// digit it copies when the source writes the field with the same number of
// digits, and at the whole field otherwise (a month name, a one-digit day).
void align_field(Alignment& alignment, int target_start, int target_digits,
                 const std::vector<int>& source) {
  for (int i = 0; i < target_digits; ++i) {
    if (static_cast<int>(source.size()) == target_digits) {
      alignment[target_start + i] = {source[i]};
    } else {
      alignment[target_start + i] = source;
    }
  }
}

}  // namespace

GeneratedExample generate_date(SeededRandom& random, const TaskConfig& config) {
  const int64_t first = days_from_civil(1950, 1, 1);
  const int64_t last = days_from_civil(2049, 12, 31);
  const int64_t days = random.between(first, last);
  const CivilDate date = civil_from_days(days);
  const std::string month_name = kMonthNames[date.month - 1];
  const std::string month_abbreviation = month_name.substr(0, 3);
  const std::string weekday = kWeekdayNames[weekday_of(days)];
  const std::string year = std::to_string(date.year);
  const std::string day = std::to_string(date.day);

  SurfaceBuilder s;
  switch (random.between(0, 10)) {
    case 0:  // March 3, 2021
      s.field(s.month, month_name), s.literal(" "), s.field(s.day, day), s.literal(", "),
          s.field(s.year, year);
      break;
    case 1:  // 3 Mar 2021
      s.field(s.day, day), s.literal(" "), s.field(s.month, month_abbreviation), s.literal(" "),
          s.field(s.year, year);
      break;
    case 2:  // 2021/03/03
      s.field(s.year, year), s.literal("/"), s.field(s.month, two_digits(date.month)),
          s.literal("/"), s.field(s.day, two_digits(date.day));
      break;
    case 3:  // Wednesday, 3 March 2021
      s.literal(weekday + ", "), s.field(s.day, day), s.literal(" "), s.field(s.month, month_name),
          s.literal(" "), s.field(s.year, year);
      break;
    case 4:  // 03.03.2021
      s.field(s.day, two_digits(date.day)), s.literal("."),
          s.field(s.month, two_digits(date.month)), s.literal("."), s.field(s.year, year);
      break;
    case 5:  // Mar 3 2021
      s.field(s.month, month_abbreviation), s.literal(" "), s.field(s.day, day), s.literal(" "),
          s.field(s.year, year);
      break;
    case 6:  // 3rd of March 2021
      s.field(s.day, day), s.literal(ordinal_suffix(date.day) + " of "),
          s.field(s.month, month_name), s.literal(" "), s.field(s.year, year);
      break;
    case 7:  // Wed 3 Mar 2021
      s.literal(weekday.substr(0, 3) + " "), s.field(s.day, day), s.literal(" "),
          s.field(s.month, month_abbreviation), s.literal(" "), s.field(s.year, year);
      break;
    case 8:  // March 3rd, 2021
      s.field(s.month, month_name), s.literal(" "), s.field(s.day, day),
          s.literal(ordinal_suffix(date.day) + ", "), s.field(s.year, year);
      break;
    case 9:  // 2021-3-3
      s.field(s.year, year), s.literal("-"), s.field(s.month, std::to_string(date.month)),
          s.literal("-"), s.field(s.day, day);
      break;
    default:  // 3 march 21 is ambiguous; lower-case names are not: march 3 2021
      std::string lower = month_name;
      lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
      s.field(s.month, lower), s.literal(" "), s.field(s.day, day), s.literal(" "),
          s.field(s.year, year);
      break;
  }
  const std::string target = year + "-" + two_digits(date.month) + "-" + two_digits(date.day);
  Alignment alignment(target.size());
  align_field(alignment, 0, 4, s.year);
  align_field(alignment, 5, 2, s.month);
  align_field(alignment, 8, 2, s.day);
  (void)config;
  return {{s.text, target}, alignment};
}

}  // namespace attn
