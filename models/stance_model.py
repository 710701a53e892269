"""The stance classifier's network: a BERT encoder and a head reading the target and speaker markers."""

from __future__ import annotations

from typing import Any

import torch
from torch import nn
from transformers import BertConfig, BertModel, BertPreTrainedModel
from transformers.modeling_outputs import SequenceClassifierOutput


class MarkerHead(nn.Module):
    """Target marker, speaker marker and mean of all pieces, concatenated -> dense -> tanh -> classes.

    Not the [CLS] vector: e5 was trained to pool by mean, and its [CLS] state barely moves between
    inputs (across 48 labelled pairs, 6 layers: std / mean |x| = 0.018, against 0.40 at the markers
    and 0.51 for the mean), so a head on it had learnt nothing after two epochs.
    """

    def __init__(self, config: BertConfig) -> None:
        super().__init__()
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.dense = nn.Linear(3 * config.hidden_size, config.hidden_size)
        self.out_proj = nn.Linear(config.hidden_size, config.num_labels)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        x = torch.tanh(self.dense(self.dropout(features)))
        return self.out_proj(self.dropout(x))


class MarkedStanceModel(BertPreTrainedModel):
    """A sequence classifier over (query, marked sentence) pairs, told where the markers are.

    ``target_pos`` and ``speaker_pos`` are the piece indices of the opening markers; 0 (the first
    piece) where a marker is absent, which the head learns to read as "not marked".
    """

    config_class = BertConfig
    base_model_prefix = "bert"

    def __init__(self, config: BertConfig) -> None:
        super().__init__(config)
        self.num_labels = config.num_labels
        self.bert = BertModel(config, add_pooling_layer=False)
        self.classifier = MarkerHead(config)
        self.post_init()

    def forward(
        self,
        input_ids: torch.Tensor | None = None,
        attention_mask: torch.Tensor | None = None,
        target_pos: torch.Tensor | None = None,
        speaker_pos: torch.Tensor | None = None,
        labels: torch.Tensor | None = None,
        **_unused: Any,  # peft's wrapper passes its own arguments (inputs_embeds, return_dict...) through
    ) -> SequenceClassifierOutput:
        if input_ids is None:
            raise ValueError("MarkedStanceModel needs input_ids")
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        rows = torch.arange(hidden.shape[0], device=hidden.device)
        zeros = torch.zeros(hidden.shape[0], dtype=torch.long, device=hidden.device)
        target = hidden[rows, zeros if target_pos is None else target_pos]
        speaker = hidden[rows, zeros if speaker_pos is None else speaker_pos]
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        logits = self.classifier(torch.cat([target, speaker, mean], dim=-1))
        loss = None
        if labels is not None:
            loss = nn.functional.cross_entropy(logits.float(), labels)
        return SequenceClassifierOutput(loss=loss, logits=logits)
