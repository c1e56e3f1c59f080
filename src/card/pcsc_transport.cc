#include "card/pcsc_transport.h"

#include <PCSC/winscard.h>

namespace denen::card {

namespace {

Error PcscError(LONG rv, std::string_view what) {
  std::string message = std::string(what) + ": " + pcsc_stringify_error(rv);
  switch (rv) {
    case SCARD_W_REMOVED_CARD:
    case SCARD_E_NO_SMARTCARD:
    case SCARD_W_UNPOWERED_CARD:
    case SCARD_W_UNRESPONSIVE_CARD:
    // A contactless card that leaves the field mid-exchange shows up as a
    // failed transaction rather than as a removal event.
    case SCARD_E_NOT_TRANSACTED:
    case SCARD_E_COMM_DATA_LOST:
      return Error::Unavailable("card_removed", "the card was removed from the reader (" + message + ")");
    case SCARD_W_RESET_CARD:
      return Error::Unavailable("card_reset", message);
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED:
      return Error::Unavailable("pcsc_unavailable", "pcscd is not running (" + message + ")");
    case SCARD_E_TIMEOUT:
      return Error::Unavailable("card_wait_timeout", message);
    case SCARD_E_UNKNOWN_READER:
    case SCARD_E_READER_UNAVAILABLE:
      return Error::NotFound("unknown_reader", message);
    default:
      return Error::Unavailable("pcsc_error", message);
  }
}

}  // namespace

Result<std::unique_ptr<PcscContext>> PcscContext::Establish() {
  SCARDCONTEXT context = 0;
  const LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
  if (rv != SCARD_S_SUCCESS) return Fail(PcscError(rv, "SCardEstablishContext"));
  return std::unique_ptr<PcscContext>(new PcscContext(context));
}

PcscContext::~PcscContext() { SCardReleaseContext(context_); }

Result<std::vector<std::string>> PcscContext::ListReaders() {
  DWORD length = 0;
  LONG rv = SCardListReaders(context_, nullptr, nullptr, &length);
  if (rv == SCARD_E_NO_READERS_AVAILABLE) return std::vector<std::string>{};
  if (rv != SCARD_S_SUCCESS) return Fail(PcscError(rv, "SCardListReaders"));
  std::string buffer(length, '\0');
  rv = SCardListReaders(context_, nullptr, buffer.data(), &length);
  if (rv == SCARD_E_NO_READERS_AVAILABLE) return std::vector<std::string>{};
  if (rv != SCARD_S_SUCCESS) return Fail(PcscError(rv, "SCardListReaders"));
  buffer.resize(std::min<size_t>(length, buffer.size()));
  // A multi-string: names separated by NUL, ended by an empty name.
  std::vector<std::string> readers;
  size_t start = 0;
  while (start < buffer.size()) {
    const size_t end = buffer.find('\0', start);
    const size_t stop = end == std::string::npos ? buffer.size() : end;
    if (stop == start) break;
    readers.push_back(buffer.substr(start, stop - start));
    start = stop + 1;
  }
  return readers;
}

Result<void> PcscContext::WaitFor(const std::string& reader, std::chrono::milliseconds timeout, bool present) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  SCARD_READERSTATE state{};
  state.szReader = reader.c_str();
  state.dwCurrentState = SCARD_STATE_UNAWARE;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const DWORD wait =
        state.dwCurrentState == SCARD_STATE_UNAWARE ? 0 : static_cast<DWORD>(std::max<int64_t>(0, left.count()));
    const LONG rv = SCardGetStatusChange(context_, wait, &state, 1);
    if (rv == SCARD_E_TIMEOUT) {
      if (std::chrono::steady_clock::now() >= deadline) {
        return Fail(Error::Unavailable("card_wait_timeout", std::string(present ? "no card" : "the card is still") +
                                                                " in reader " + reader + " after " +
                                                                std::to_string(timeout.count()) + " ms"));
      }
      continue;
    }
    if (rv != SCARD_S_SUCCESS) return Fail(PcscError(rv, "SCardGetStatusChange"));
    if (state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) {
      return Fail(Error::NotFound("unknown_reader", "no reader named " + reader));
    }
    // A mute card is neither usable nor gone: keep waiting either way.
    const bool usable = (state.dwEventState & SCARD_STATE_PRESENT) != 0 && (state.dwEventState & SCARD_STATE_MUTE) == 0;
    const bool empty = (state.dwEventState & SCARD_STATE_EMPTY) != 0;
    if (present ? usable : empty) return {};
    if (std::chrono::steady_clock::now() >= deadline) {
      return Fail(Error::Unavailable("card_wait_timeout", "reader " + reader + " did not change in time"));
    }
    state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
  }
}

Result<void> PcscContext::WaitForCard(const std::string& reader, std::chrono::milliseconds timeout) {
  return WaitFor(reader, timeout, true);
}

Result<std::string> PcscContext::WaitForCardInAny(const std::vector<std::string>& readers,
                                                  std::chrono::milliseconds timeout) {
  if (readers.empty()) return Fail(Error::NotFound("no_readers", "no PC/SC reader attached"));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<SCARD_READERSTATE> states(readers.size());
  for (size_t i = 0; i < readers.size(); ++i) {
    states[i].szReader = readers[i].c_str();
    states[i].dwCurrentState = SCARD_STATE_UNAWARE;
  }
  DWORD wait = 0;  // the first call only learns the current states
  for (;;) {
    const LONG rv = SCardGetStatusChange(context_, wait, states.data(), static_cast<DWORD>(states.size()));
    if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) return Fail(PcscError(rv, "SCardGetStatusChange"));
    for (size_t i = 0; i < states.size(); ++i) {
      const DWORD s = states[i].dwEventState;
      if ((s & SCARD_STATE_PRESENT) != 0 && (s & SCARD_STATE_MUTE) == 0) return readers[i];
      states[i].dwCurrentState = s & ~SCARD_STATE_CHANGED;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return Fail(Error::Unavailable("card_wait_timeout", "no card in any of " + std::to_string(readers.size()) +
                                                              " readers after " + std::to_string(timeout.count()) +
                                                              " ms"));
    }
    wait = static_cast<DWORD>(left.count());
  }
}

Result<void> PcscContext::WaitForRemoval(const std::string& reader, std::chrono::milliseconds timeout) {
  return WaitFor(reader, timeout, false);
}

Result<std::unique_ptr<PcscTransport>> PcscContext::Connect(const std::string& reader) {
  SCARDHANDLE card = 0;
  DWORD protocol = 0;
  LONG rv = SCardConnect(context_, reader.c_str(), SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card,
                         &protocol);
  if (rv != SCARD_S_SUCCESS) return Fail(PcscError(rv, "SCardConnect"));
  Bytes atr(MAX_ATR_SIZE);
  DWORD atr_length = static_cast<DWORD>(atr.size());
  DWORD state = 0;
  DWORD active = 0;
  char name[256];
  DWORD name_length = sizeof name;
  rv = SCardStatus(card, name, &name_length, &state, &active, atr.data(), &atr_length);
  if (rv != SCARD_S_SUCCESS) {
    SCardDisconnect(card, SCARD_LEAVE_CARD);
    return Fail(PcscError(rv, "SCardStatus"));
  }
  atr.resize(std::min<size_t>(atr_length, atr.size()));
  return std::unique_ptr<PcscTransport>(new PcscTransport(card, protocol, std::move(atr)));
}

// Resetting on disconnect drops the verified PIN state, so a later session on
// the same card has to ask for the PIN again.
// A card that is gone is left alone: resetting it makes pcscd 1.9.9 lose
// track of the reader (it then misses the next insertion).
PcscTransport::~PcscTransport() { SCardDisconnect(card_, removed_ ? SCARD_LEAVE_CARD : SCARD_RESET_CARD); }

Result<Bytes> PcscTransport::Transmit(std::span<const uint8_t> command) {
  const SCARD_IO_REQUEST* pci = protocol_ == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
  Bytes response(MAX_BUFFER_SIZE_EXTENDED);
  DWORD length = static_cast<DWORD>(response.size());
  const LONG rv =
      SCardTransmit(card_, pci, command.data(), static_cast<DWORD>(command.size()), nullptr, response.data(), &length);
  if (rv != SCARD_S_SUCCESS) {
    Error error = PcscError(rv, "SCardTransmit");
    removed_ = error.code == "card_removed";
    return Fail(std::move(error));
  }
  if (length < 2) {
    removed_ = true;
    // No status word at all: the reader got nothing back from the card (vpcd
    // reports a vanished card this way before pcscd notices the removal).
    return Fail(Error::Unavailable("card_removed", "the card stopped answering (removed from the reader?)"));
  }
  response.resize(std::min<size_t>(length, response.size()));
  return response;
}

}  // namespace denen::card
