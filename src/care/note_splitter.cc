#include "care/note_splitter.h"

#include <cctype>

#include "care/text.h"

namespace denen::care {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads an item id like "2-1" or "6-12" at s[i]; returns its length or 0.
size_t ReadItemId(std::string_view s, size_t i, const ItemCatalog &catalog, std::string *id) {
  size_t j = i;
  while (j < s.size() && IsDigit(s[j])) ++j;
  if (j == i || j >= s.size() || s[j] != '-') return 0;
  size_t k = j + 1;
  while (k < s.size() && IsDigit(s[k])) ++k;
  if (k == j + 1) return 0;
  std::string candidate(s.substr(i, k - i));
  if (!catalog.Find(candidate)) return 0;
  *id = candidate;
  return k - i;
}

// Reads "2-1", "2-1,2-2", "1-3・1-4", "1-3、1-4" at s[i].
size_t ReadIdList(std::string_view s, size_t i, const ItemCatalog &catalog,
                  std::vector<std::string> *ids) {
  size_t j = i;
  while (true) {
    std::string id;
    size_t n = ReadItemId(s, j, catalog, &id);
    if (n == 0) break;
    ids->push_back(id);
    j += n;
    size_t save = j;
    while (j < s.size() && s[j] == ' ') ++j;
    if (s.substr(j, 1) == ",") {
      j += 1;
    } else if (detail::StartsWith(s.substr(j), "、") || detail::StartsWith(s.substr(j), "・")) {
      j += 3;
    } else {
      j = save;
      break;
    }
    while (j < s.size() && s[j] == ' ') ++j;
  }
  return ids->empty() ? 0 : j - i;
}

const ItemDef *ItemByName(std::string_view name, const ItemCatalog &catalog) {
  name = detail::Trim(name);
  if (name.empty()) return nullptr;
  for (const ItemDef &d : catalog.items()) {
    if (d.name == name) return &d;
  }
  for (const ItemDef &d : catalog.items()) {
    if (detail::StartsWith(d.name, name) && name.size() >= 6) return &d;
  }
  return nullptr;
}

struct Label {
  size_t begin = 0;  // bytes
  size_t end = 0;
  std::vector<std::string> items;
};

bool AtLineStart(std::string_view s, size_t i) {
  if (i == 0) return true;
  size_t j = i;
  while (j > 0 && s[j - 1] == ' ') --j;
  if (j == 0 || s[j - 1] == '\n') return true;
  return j >= 3 && (s.substr(j - 3, 3) == "。" || s.substr(j - 3, 3) == "　");
}

}  // namespace

std::vector<ItemNote> SplitTokki(std::string_view block, const ItemCatalog &catalog) {
  std::string s = detail::NormalizeWidth(block);
  std::vector<Label> labels;
  for (size_t i = 0; i < s.size();) {
    Label label;
    std::string_view rest = std::string_view(s).substr(i);
    if (rest[0] == '(') {
      size_t n = ReadIdList(s, i + 1, catalog, &label.items);
      size_t close = i + 1 + n;
      if (n > 0 && close < s.size() && s[close] == ')') {
        label.begin = i;
        label.end = close + 1;
      }
    } else if (detail::StartsWith(rest, "【")) {
      size_t close = s.find("】", i);
      if (close != std::string::npos && close - i < 80) {
        std::string_view inner = std::string_view(s).substr(i + 3, close - i - 3);
        size_t n = ReadIdList(s, i + 3, catalog, &label.items);
        if (n == 0) {
          if (const ItemDef *d = ItemByName(inner, catalog)) label.items.push_back(d->id);
        }
        if (!label.items.empty()) {
          label.begin = i;
          label.end = close + 3;
        }
      }
    } else if (IsDigit(rest[0]) && AtLineStart(s, i)) {
      size_t n = ReadIdList(s, i, catalog, &label.items);
      if (n > 0) {
        size_t j = i + n;
        while (j < s.size() && (s[j] == ' ' || s[j] == ':')) ++j;
        const ItemDef *d = catalog.Find(label.items.back());
        if (d && detail::StartsWith(std::string_view(s).substr(j), d->name)) j += d->name.size();
        while (j < s.size() && (s[j] == ' ' || s[j] == ':')) ++j;
        if (detail::StartsWith(std::string_view(s).substr(j), "：")) j += 3;
        label.begin = i;
        label.end = j;
      }
    }
    if (label.end > label.begin) {
      labels.push_back(label);
      i = label.end;
    } else {
      ++i;
    }
  }
  // Labels were found in the normalised text; map its byte offsets through code
  // points (the same count in both) back to the block as given.
  std::vector<size_t> norm_starts = detail::CodepointStarts(s);
  std::vector<size_t> starts = detail::CodepointStarts(block);
  auto to_block = [&](size_t norm_byte) {
    return starts[detail::ByteToCodepoint(norm_starts, norm_byte)];
  };
  std::vector<ItemNote> out;
  auto emit = [&](std::vector<std::string> items, size_t nb, size_t ne) {
    size_t b = to_block(nb), e = to_block(ne);
    std::string_view text = std::string_view(block).substr(b, e - b);
    size_t lead = text.size() - detail::Trim(text).size();
    std::string_view trimmed = detail::Trim(text);
    lead = trimmed.empty() ? 0 : static_cast<size_t>(trimmed.data() - text.data());
    if (trimmed.empty() && items.empty()) return;
    out.push_back(
        {std::move(items), std::string(trimmed), detail::ByteToCodepoint(starts, b + lead)});
  };
  size_t prev = 0;
  std::vector<std::string> prev_items;
  for (const Label &l : labels) {
    if (l.begin > prev || !prev_items.empty()) emit(prev_items, prev, l.begin);
    prev = l.end;
    prev_items = l.items;
  }
  emit(prev_items, prev, s.size());
  return out;
}

}  // namespace denen::care
